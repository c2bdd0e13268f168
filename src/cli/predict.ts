import { readFileSync } from 'node:fs';
import { DataError } from '../errors.js';
import { loadLayersModel } from '../io/index.js';
import { readCsvFeatures } from '../io/csv.js';
import { argMax } from '../tensor/ops/reduction.js';
import { tensor } from '../tensor/ops/creation.js';
import type { Tensor } from '../tensor/tensor.js';
import type { NestedArray } from '../tensor/tensor.js';
import { parseCommand } from './args.js';
import { readPreprocessing } from './preprocessing.js';
import { UsageError } from './usage.js';

/** Samples from a JSON file (an array of samples, or TF Serving's `{"instances": [...]}`) or a CSV of features. */
function readInputs(path: string, sampleShape: (number | null)[]): Tensor {
  if (path.endsWith('.csv')) return readCsvFeatures(path).x;
  if (!path.endsWith('.json')) throw new UsageError(`--input must be a .json or .csv file, found '${path}'`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new DataError(`predict: cannot read ${path} as JSON: ${(err as Error).message}`);
  }
  const instances = Array.isArray(parsed) ? parsed : (parsed as { instances?: unknown } | null)?.instances;
  if (!Array.isArray(instances) || instances.length === 0) {
    throw new DataError(`predict: ${path} must hold a non-empty array of samples or {"instances": [...]}`);
  }
  const x = tensor(instances as NestedArray[]);
  const known = sampleShape.map((d) => d ?? -1);
  // Flat samples are reshaped to the model's sample shape (e.g. 784 numbers for a [28,28,1] input).
  return x.rank === 2 && sampleShape.length > 1 ? x.reshape([x.shape[0]!, ...known]) : x;
}

/** `tensile predict MODEL_DIR --input FILE`: prints one JSON line per sample with scores and class. */
export async function predict(argv: string[], write: (line: string) => void): Promise<void> {
  const { values, positionals } = parseCommand(argv, { input: { type: 'string' } } as const, 1);
  const modelDir = positionals[0];
  if (modelDir === undefined) throw new UsageError('predict needs MODEL_DIR');
  if (values.input === undefined) throw new UsageError('predict needs --input FILE.json|FILE.csv');
  const model = await loadLayersModel(modelDir);
  const { standardizer, classes } = readPreprocessing(modelDir);
  const raw = readInputs(values.input, model.inputs[0]!.shape.slice(1));
  // Samples go through what training did to its data (CSV standardisation) before the model.
  const scores = model.predict(standardizer === undefined ? raw : standardizer.apply(raw), { batchSize: 256 });
  const predicted = argMax(scores, -1).dataSync();
  const rows = scores.toArray() as NestedArray[];
  rows.forEach((row, i) => {
    const c = predicted[i]!;
    write(JSON.stringify({ index: i, class: c, ...(classes === undefined ? {} : { label: classes[c] }), scores: row }));
  });
}
