import { ArgumentError } from '../errors.js';
import { Random, globalRandom } from '../tensor/random.js';
import type { Tensor } from '../tensor/tensor.js';
import { rowCount, takeRows } from './tensorRows.js';

/** Inputs and targets: row i of `y` belongs to row i of `x`. */
export interface LabeledData {
  readonly x: Tensor;
  readonly y: Tensor;
}

export interface TrainTestData {
  readonly train: LabeledData;
  readonly test: LabeledData;
}

export interface SplitOptions {
  /** The fraction of rows held out for testing, strictly between 0 and 1. */
  testSplit: number;
  /** Without a seed, one is drawn from the global generator (`tl.setSeed` makes it reproducible). */
  seed?: number;
}

/**
 * A seeded random split: `round(n * testSplit)` rows, chosen at random, form the test split and the
 * rest the training split; each keeps the rows in their original order.
 */
export function trainTestSplit(data: LabeledData, { testSplit, seed }: SplitOptions): TrainTestData {
  if (typeof testSplit !== 'number' || !(testSplit > 0 && testSplit < 1)) {
    throw new ArgumentError(`trainTestSplit: expected testSplit strictly between 0 and 1, found ${String(testSplit)}`);
  }
  const n = rowCount('trainTestSplit', { x: data.x, y: data.y });
  const testRows = Math.round(n * testSplit);
  if (testRows === 0 || testRows === n) {
    throw new ArgumentError(`trainTestSplit: testSplit ${testSplit} of ${n} rows gives ${testRows} test rows, leaving one split empty`);
  }
  const random = new Random(seed ?? globalRandom.nextUint32());
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random.next() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const pick = (rows: number[]): LabeledData => ({ x: takeRows(data.x, rows), y: takeRows(data.y, rows) });
  const byIndex = (a: number, b: number): number => a - b;
  return { train: pick(order.slice(testRows).sort(byIndex)), test: pick(order.slice(0, testRows).sort(byIndex)) };
}
