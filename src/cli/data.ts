import { loadCsv } from '../io/csv.js';
import { readIdxDir } from '../io/idxDir.js';
import { loadMnist } from '../io/mnist.js';
import { max } from '../tensor/ops/reduction.js';
import type { Tensor } from '../tensor/tensor.js';
import type { Preprocessing } from './preprocessing.js';
import { UsageError } from './usage.js';

export interface LabeledSplits {
  train: { x: Tensor; y: Tensor };
  test: { x: Tensor; y: Tensor };
  numClasses: number;
  /** What was done to the samples, for predict to repeat. */
  preprocessing: Preprocessing;
}

export interface DataOptions {
  label?: string;
  testSplit: number;
  seed: number;
}

/** `mnist`, `idx:DIR` or `csv:FILE`, as the train and evaluate commands take it. */
export function loadData(spec: string, options: DataOptions): LabeledSplits {
  let splits: { train: { x: Tensor; y: Tensor }; test: { x: Tensor; y: Tensor } };
  let preprocessing: Preprocessing = {};
  if (spec === 'mnist') {
    splits = loadMnist();
  } else if (spec.startsWith('idx:')) {
    splits = readIdxDir(spec.slice(4), { scale: true });
  } else if (spec.startsWith('csv:')) {
    // Without --label, the last column is the label.
    const csv = loadCsv(spec.slice(4), { label: options.label ?? -1, testSplit: options.testSplit, seed: options.seed, mapLabels: true });
    splits = csv;
    preprocessing = { ...(csv.standardizer === null ? {} : { standardizer: csv.standardizer }), ...(csv.classes === null ? {} : { classes: csv.classes }) };
  } else {
    throw new UsageError(`--data must be mnist, idx:DIR or csv:FILE, found '${spec}'`);
  }
  const numClasses = Math.max(max(splits.train.y).item(), max(splits.test.y).item()) + 1;
  return { train: splits.train, test: splits.test, numClasses, preprocessing };
}
