import { ArgumentError, ShapeError, fmtShape } from '../../errors.js';
import type { Random } from '../../tensor/random.js';
import { epochRandom } from '../../tensor/random.js';
import { Tensor } from '../../tensor/tensor.js';

/**
 * Splitting tensors of samples (axis 0) into batches. Rows are copied straight out of the typed
 * arrays: cheaper than per-sample tensors, and the batches hold no graph.
 */
export function takeRows(x: Tensor, rows: Int32Array | readonly number[]): Tensor {
  const rowSize = x.shape.slice(1).reduce((a, b) => a * b, 1);
  const out = x.dtype === 'int32' ? new Int32Array(rows.length * rowSize) : new Float32Array(rows.length * rowSize);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    out.set(x.values.subarray(r * rowSize, (r + 1) * rowSize), i * rowSize);
  }
  return new Tensor(out, [rows.length, ...x.shape.slice(1)]);
}

export function rangeRows(start: number, end: number): Int32Array {
  return Int32Array.from({ length: end - start }, (_, i) => start + i);
}

/** A permutation of 0..n-1 (Fisher-Yates with the given generator). */
export function shuffledRows(n: number, rng: Random): Int32Array {
  const order = rangeRows(0, n);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    const t = order[i]!;
    order[i] = order[j]!;
    order[j] = t;
  }
  return order;
}

/**
 * The order in which an epoch visits `n` samples: shuffled by the seed and the epoch alone (see
 * `epochRandom`), so any worker can compute any epoch's order without replaying the ones before.
 */
export function epochOrder(n: number, seed: number, epoch: number, shuffle: boolean): Int32Array {
  return shuffle ? shuffledRows(n, epochRandom(seed, epoch)) : rangeRows(0, n);
}

/** Checks that x and y are tensors with the same number of samples, at least one. */
export function checkSamples(op: string, x: unknown, y: unknown): number {
  if (!(x instanceof Tensor)) throw new ArgumentError(`${op}: expected x to be a Tensor, found ${typeof x}`);
  if (!(y instanceof Tensor)) throw new ArgumentError(`${op}: expected y to be a Tensor, found ${typeof y}`);
  if (x.rank === 0 || y.rank === 0 || x.shape[0] !== y.shape[0]) {
    throw new ShapeError(`${op}: x and y must have the same number of samples along axis 0, found x ${fmtShape(x.shape)} and y ${fmtShape(y.shape)}`);
  }
  if (x.shape[0] === 0) throw new ShapeError(`${op}: no samples (x has shape ${fmtShape(x.shape)})`);
  return x.shape[0]!;
}

export function checkBatchSize(op: string, batchSize: unknown): number {
  if (!Number.isInteger(batchSize) || (batchSize as number) < 1) {
    throw new ArgumentError(`${op}: batchSize must be a positive integer, found ${JSON.stringify(batchSize)}`);
  }
  return batchSize as number;
}
