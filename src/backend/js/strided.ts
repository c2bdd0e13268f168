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
 * Merges neighbouring dimensions that every operand walks as one block (contiguous, or wholly
 * broadcast) and drops dimensions of size 1, so that rows get longer and `visit` runs less often:
 * broadcasting a scalar over [64, 26, 26, 32] becomes one row rather than 43,264.
 */
function coalesce(outShape: Shape, strides: readonly (readonly number[])[]): { shape: number[]; strides: number[][] } {
  const shape: number[] = [];
  const merged: number[][] = strides.map(() => []);
  for (let d = 0; d < outShape.length; d++) {
    const size = outShape[d]!;
    if (size === 1) continue;
    const last = shape.length - 1;
    if (last >= 0 && strides.every((s, o) => merged[o]![last] === s[d]! * size)) {
      shape[last]! *= size;
      strides.forEach((s, o) => (merged[o]![last] = s[d]!));
    } else {
      shape.push(size);
      strides.forEach((s, o) => merged[o]!.push(s[d]!));
    }
  }
  return { shape, strides: merged };
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
  if (outShape.includes(0)) return;
  const c = coalesce(outShape, strides);
  const rank = c.shape.length;
  if (rank === 0) {
    visit(0, 1, strides.map(() => 0), strides.map(() => 0));
    return;
  }
  const total = c.shape.reduce((n, d) => n * d, 1);
  const last = c.shape[rank - 1]!;
  const steps = c.strides.map((s) => s[rank - 1]!);
  const offsets = c.strides.map(() => 0);
  const counter = new Array<number>(rank - 1).fill(0);
  for (let outStart = 0; outStart < total; outStart += last) {
    visit(outStart, last, offsets, steps);
    for (let d = rank - 2; d >= 0; d--) {
      counter[d]!++;
      for (let o = 0; o < offsets.length; o++) offsets[o]! += c.strides[o]![d]!;
      if (counter[d]! < c.shape[d]!) break;
      for (let o = 0; o < offsets.length; o++) offsets[o]! -= c.strides[o]![d]! * c.shape[d]!;
      counter[d] = 0;
    }
  }
}
