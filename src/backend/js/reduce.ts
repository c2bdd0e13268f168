import type { ArgReduceOp, ReduceOp } from '../backend.js';
import type { TypedArray } from '../../tensor/dtype.js';
import { allocate, dtypeOf } from '../../tensor/dtype.js';
import type { Shape } from '../../tensor/shape.js';
import { sizeOf } from '../../tensor/shape.js';
import { transpose } from './layout.js';

const INITIAL: Record<ReduceOp, number> = { sum: 0, max: -Infinity, min: Infinity };

// NaN wins in max/min, as in NumPy and PyTorch, so a NaN is never hidden by a reduction.
const COMBINE: Record<ReduceOp, (acc: number, x: number) => number> = {
  sum: (acc, x) => acc + x,
  max: (acc, x) => (x > acc || Number.isNaN(x) ? x : acc),
  min: (acc, x) => (x < acc || Number.isNaN(x) ? x : acc),
};

/**
 * Reduces `axes` by moving them innermost (a transpose, unless they already are) and folding each
 * contiguous run. Reducing leading axes, as bias gradients do, folds whole rows instead.
 */
export function reduce(op: ReduceOp, x: TypedArray, shape: Shape, axes: readonly number[]): TypedArray {
  const combine = COMBINE[op];
  const kept = shape.map((_, i) => i).filter((i) => !axes.includes(i));
  const outSize = sizeOf(kept.map((i) => shape[i]!));
  const out = allocate(dtypeOf(x), outSize);
  const group = sizeOf(axes.map((i) => shape[i]!));
  // Accumulate in a double so long sums do not lose float32 precision.
  const leading = axes.every((a, i) => a === i);
  if (leading && group > 0 && outSize > 0) {
    const acc = Float64Array.from(x.subarray(0, outSize));
    for (let g = 1; g < group; g++) {
      const row = g * outSize;
      for (let j = 0; j < outSize; j++) acc[j] = combine(acc[j]!, x[row + j]!);
    }
    out.set(acc);
    return out;
  }
  const trailing = axes.every((a, i) => a === shape.length - axes.length + i);
  const src = trailing ? x : transpose(x, shape, [...kept, ...axes]);
  for (let o = 0; o < outSize; o++) {
    let acc = INITIAL[op];
    const start = o * group;
    for (let j = 0; j < group; j++) acc = combine(acc, src[start + j]!);
    out[o] = acc;
  }
  return out;
}

export function argReduce(op: ArgReduceOp, x: TypedArray, shape: Shape, axis: number): Int32Array {
  const dim = shape[axis]!;
  const inner = sizeOf(shape.slice(axis + 1));
  const outer = sizeOf(shape.slice(0, axis));
  const out = new Int32Array(outer * inner);
  const better = op === 'argMax' ? (v: number, best: number) => v > best : (v: number, best: number) => v < best;
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = o * dim * inner + i;
      let bestIndex = 0;
      let best = x[base]!;
      for (let d = 1; d < dim && !Number.isNaN(best); d++) {
        const v = x[base + d * inner]!;
        if (better(v, best) || Number.isNaN(v)) {
          best = v;
          bestIndex = d;
        }
      }
      out[o * inner + i] = bestIndex;
    }
  }
  return out;
}
