import type { DType, TypedArray } from '../../tensor/dtype.js';

/**
 * A tensor as plain data: what crosses the HTTP front, the batcher and the replica channel
 * (typed arrays travel between processes by structured clone without per-element work).
 */
export interface HostTensor {
  readonly dtype: DType;
  readonly shape: readonly number[];
  readonly data: TypedArray;
}

/** Elements per row (axis 0) of a tensor of `shape`. */
export function rowSize(shape: readonly number[]): number {
  let n = 1;
  for (let i = 1; i < shape.length; i++) n *= shape[i]!;
  return n;
}

/** True when tensors of these shapes hold rows of the same shape (axis 0 may differ). */
export const sameSampleShape = (a: readonly number[], b: readonly number[]): boolean => a.length === b.length && a.every((d, i) => i === 0 || d === b[i]);

/** Tensors of the same dtype and sample shape as one, their rows in order (the one itself if alone). */
export function concatRows(tensors: readonly HostTensor[]): HostTensor {
  if (tensors.length === 1) return tensors[0]!;
  const { dtype, shape } = tensors[0]!;
  let rows = 0;
  let length = 0;
  for (const t of tensors) {
    rows += t.shape[0] ?? 1;
    length += t.data.length;
  }
  const data = dtype === 'int32' ? new Int32Array(length) : new Float32Array(length);
  let at = 0;
  for (const t of tensors) {
    data.set(t.data, at);
    at += t.data.length;
  }
  return { dtype, shape: [rows, ...shape.slice(1)], data };
}
