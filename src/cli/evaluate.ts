import { loadLayersModel } from '../io/index.js';
import { numberOption, parseCommand } from './args.js';
import { loadData } from './data.js';
import { classificationReport, formatConfusionMatrix } from './report.js';
import { UsageError } from './usage.js';

const OPTIONS = {
  data: { type: 'string' },
  label: { type: 'string' },
  'test-split': { type: 'string' },
  seed: { type: 'string' },
  json: { type: 'boolean' },
} as const;

/** `tensile evaluate MODEL_DIR --data ...`: the test split's loss and metrics. */
export async function evaluate(argv: string[], write: (line: string) => void): Promise<void> {
  const { values, positionals } = parseCommand(argv, OPTIONS, 1);
  const modelDir = positionals[0];
  if (modelDir === undefined) throw new UsageError('evaluate needs MODEL_DIR');
  if (values.data === undefined) throw new UsageError('evaluate needs --data (mnist, idx:DIR or csv:FILE)');
  const testSplit = numberOption('test-split', values['test-split'], 0.2, (v) => v > 0 && v < 1, 'a fraction in (0, 1)');
  const seed = numberOption('seed', values.seed, 1, Number.isInteger, 'an integer');
  const model = await loadLayersModel(modelDir);
  const data = loadData(values.data, { ...(values.label === undefined ? {} : { label: values.label }), testSplit, seed });
  if (!model.isCompiled) model.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy' });
  const { confusionMatrix, ...metrics } = classificationReport(model, data.test.x, data.test.y, 256);
  if (values.json === true) {
    write(JSON.stringify({ event: 'result', ...metrics, modelDir }));
    return;
  }
  write(`loss ${metrics.loss.toFixed(4)}  accuracy ${(metrics.accuracy * 100).toFixed(2)}%  precision ${metrics.precision.toFixed(4)}  recall ${metrics.recall.toFixed(4)}  f1 ${metrics.f1.toFixed(4)}`);
  write(formatConfusionMatrix(confusionMatrix));
}
