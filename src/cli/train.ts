import { appendFileSync } from 'node:fs';
import { getBackend } from '../backend/index.js';
import type { ElasticOptions } from '../elastic/options.js';
import type { WorkerReport } from '../elastic/worker/reports.js';
import type { FitArgs } from '../nn/model/layersModel.js';
import type { Callback, Logs } from '../nn/callbacks/index.js';
import { numberOption, parseCommand, positiveInteger } from './args.js';
import { writePreprocessing } from './preprocessing.js';
import { classificationReport, formatConfusionMatrix } from './report.js';
import { TRAINING_OPTIONS, setUpTraining } from './trainingSetup.js';
import { UsageError } from './usage.js';

const OPTIONS = {
  ...TRAINING_OPTIONS,
  json: { type: 'boolean' },
  workers: { type: 'string' },
  'min-workers': { type: 'string' },
  'max-workers': { type: 'string' },
  'checkpoint-dir': { type: 'string' },
  'checkpoint-every': { type: 'string' },
  resume: { type: 'boolean' },
  events: { type: 'string' },
} as const;

/** Prints one JSON object per epoch: the `--json` stream. */
function jsonEpochs(write: (line: string) => void): Callback {
  return { onEpochEnd: (epoch: number, logs: Logs) => write(JSON.stringify({ event: 'epoch', epoch: epoch + 1, ...logs })) };
}

/** `--workers` and the other elastic options as fit arguments (none given: a local fit). */
function elasticArgs(values: ReturnType<typeof parseCommand<typeof OPTIONS>>['values']): Pick<FitArgs, 'workers' | 'elastic'> {
  const count = (name: 'workers' | 'min-workers' | 'max-workers' | 'checkpoint-every'): number | undefined =>
    values[name] === undefined ? undefined : numberOption(name, values[name], 0, positiveInteger, 'a positive integer');
  const dir = values['checkpoint-dir'];
  if (values.resume === true && dir === undefined) throw new UsageError('--resume needs --checkpoint-dir (where the checkpoints are)');
  const elastic: ElasticOptions = {
    minWorkers: count('min-workers'),
    maxWorkers: count('max-workers'),
    checkpoint: dir === undefined ? undefined : { dir, every: count('checkpoint-every') },
    resume: values.resume,
    onReport: values.events === undefined ? undefined : eventLog(values.events),
  };
  const workers = count('workers');
  if (workers === undefined && Object.values(elastic).every((v) => v === undefined)) return {};
  return { workers: workers ?? 1, elastic };
}

/** Appends each worker report to `file` as a line of JSON (without the bulky state and outputs). */
function eventLog(file: string): (report: WorkerReport) => void {
  const omit = (key: string, value: unknown): unknown => (key === 'bytes' || key === 'predictions' ? undefined : value);
  return (report) => appendFileSync(file, `${JSON.stringify({ at: new Date().toISOString(), ...report }, omit)}\n`);
}

/** `tensile train`: trains a model on a data set, reports test metrics, saves the model. */
export async function train(argv: string[], write: (line: string) => void): Promise<void> {
  const { values } = parseCommand(argv, OPTIONS, 0);
  const { data, model, epochs, batchSize, seed, outDir } = setUpTraining('train', values);
  const json = values.json === true;
  if (!json) {
    write(`training ${values.model} on ${values.data}: ${data.train.x.shape[0]} training / ${data.test.x.shape[0]} test samples, backend ${getBackend()}`);
    model.summary(write);
  }
  const started = performance.now();
  const history = await model.fit(data.train.x, data.train.y, {
    epochs, batchSize, seed, verbose: json ? 0 : 1, callbacks: json ? [jsonEpochs(write)] : [], ...elasticArgs(values),
  });
  const seconds = (performance.now() - started) / 1000;
  const report = classificationReport(model, data.test.x, data.test.y, 256);
  await model.save(outDir);
  await writePreprocessing(outDir, data.preprocessing);
  const samplesPerSecond = Math.round((data.train.x.shape[0]! * history.epoch.length) / seconds);
  const { confusionMatrix, ...metrics } = report;
  if (json) {
    write(JSON.stringify({ event: 'result', ...metrics, samplesPerSecond, epochs: history.epoch.length, modelDir: outDir }));
    return;
  }
  write(`test: loss ${metrics.loss.toFixed(4)}  accuracy ${(metrics.accuracy * 100).toFixed(2)}%  precision ${metrics.precision.toFixed(4)}  recall ${metrics.recall.toFixed(4)}  f1 ${metrics.f1.toFixed(4)}`);
  write(`confusion matrix (rows: true class, columns: predicted):\n${formatConfusionMatrix(confusionMatrix)}`);
  write(`${samplesPerSecond} samples/s over ${history.epoch.length} epochs; saved to ${outDir}`);
}
