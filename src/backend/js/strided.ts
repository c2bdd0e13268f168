import type { Shape } from '../../tensor/shape.js';
import { stridesOf } from '../../tensor/shape.js';

/**
 * Strides for reading an array of `shape` as if it had `outShape` (NumPy broadcasting):
 * broadcast dimensions get stride 0.
 */
export function broadcastStrides(shape: Shape, outShape: Shape): number[] {
  const own = stridesOf(shape);
  const offset = outShape.length - shape.length;
  return outShape.map((_, i) => (i < offset || shape[i - offset] === 1 ? 0 : own[i - offset]!));
}

/**
 * Calls `visit(outIndex, ...offsets)` for every element of `outShape` in row-major order, with
 * the offset of that element in each operand described by `strides` (one stride list per operand).
 * The innermost dimension runs as a plain loop inside `visit` via `(start, count, steps)`.
 */
export function forEachRow(
  outShape: Shape,
  strides: readonly (readonly number[])[],
  visit: (outStart: number, count: number, offsets: readonly number[], steps: readonly number[]) => void,
): void {
  const rank = outShape.length;
  const total = outShape.reduce((n, d) => n * d, 1);
  if (total === 0) return;
  if (rank === 0) {
    visit(0, 1, strides.map(() => 0), strides.map(() => 0));
    return;
  }
  const last = outShape[rank - 1]!;
  const steps = strides.map((s) => s[rank - 1]!);
  const offsets = strides.map(() => 0);
  const counter = new Array<number>(rank - 1).fill(0);
  for (let outStart = 0; outStart < total; outStart += last) {
    visit(outStart, last, offsets, steps);
    for (let d = rank - 2; d >= 0; d--) {
      counter[d]!++;
      for (let o = 0; o < offsets.length; o++) offsets[o]! += strides[o]![d]!;
      if (counter[d]! < outShape[d]!) break;
      for (let o = 0; o < offsets.length; o++) offsets[o]! -= strides[o]![d]! * outShape[d]!;
      counter[d] = 0;
    }
  }
}
