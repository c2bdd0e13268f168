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
