import type { TypedArray } from '../../tensor/dtype.js';
import { allocate, dtypeOf } from '../../tensor/dtype.js';
import type { Shape } from '../../tensor/shape.js';
import { sizeOf, stridesOf } from '../../tensor/shape.js';
import { broadcastStrides, forEachRow } from './strided.js';

/** Copies `x` read through `strides` (one per output dim) starting at `offset` into a dense array of `outShape`. */
function gatherStrided(x: TypedArray, offset: number, strides: readonly number[], outShape: Shape): TypedArray {
  const out = allocate(dtypeOf(x), sizeOf(outShape));
  forEachRow(outShape, [strides], (start, count, [o], [s]) => {
    const from = offset + o!;
    if (s === 1) out.set(x.subarray(from, from + count), start);
    else if (s === 0) out.fill(x[from]!, start, start + count);
    else for (let j = 0; j < count; j++) out[start + j] = x[from + j * s!]!;
  });
  return out;
}

export function transpose(x: TypedArray, shape: Shape, perm: readonly number[]): TypedArray {
  const strides = stridesOf(shape);
  return gatherStrided(x, 0, perm.map((p) => strides[p]!), perm.map((p) => shape[p]!));
}

export function broadcastTo(x: TypedArray, shape: Shape, outShape: Shape): TypedArray {
  return gatherStrided(x, 0, broadcastStrides(shape, outShape), outShape);
}

export function slice(x: TypedArray, shape: Shape, begin: readonly number[], size: readonly number[]): TypedArray {
  const strides = stridesOf(shape);
  const offset = begin.reduce((acc, b, i) => acc + b * strides[i]!, 0);
  return gatherStrided(x, offset, strides, size);
}

export function pad(x: TypedArray, shape: Shape, before: readonly number[], after: readonly number[]): TypedArray {
  const outShape = shape.map((d, i) => d + before[i]! + after[i]!);
  const outStrides = stridesOf(outShape);
  const out = allocate(dtypeOf(x), sizeOf(outShape));
  const offset = before.reduce((acc, b, i) => acc + b * outStrides[i]!, 0);
  // Walk the input; each input row lands at a shifted offset of the output.
  forEachRow(shape, [outStrides], (start, count, [o]) => {
    out.set(x.subarray(start, start + count), offset + o!);
  });
  return out;
}

export function concat(xs: readonly TypedArray[], shapes: readonly Shape[], axis: number): TypedArray {
  const outer = sizeOf(shapes[0]!.slice(0, axis));
  const chunks = shapes.map((s) => sizeOf(s.slice(axis)));
  const row = chunks.reduce((a, b) => a + b, 0);
  const out = allocate(dtypeOf(xs[0]!), outer * row);
  for (let o = 0; o < outer; o++) {
    let at = o * row;
    xs.forEach((x, i) => {
      const n = chunks[i]!;
      out.set(x.subarray(o * n, o * n + n), at);
      at += n;
    });
  }
  return out;
}

/** Views `shape` as `[outer, shape[axis], inner]`. */
function around(shape: Shape, axis: number): { outer: number; dim: number; inner: number } {
  return { outer: sizeOf(shape.slice(0, axis)), dim: shape[axis]!, inner: sizeOf(shape.slice(axis + 1)) };
}

export function gather(x: TypedArray, shape: Shape, indices: Int32Array, axis: number): TypedArray {
  const { outer, dim, inner } = around(shape, axis);
  const out = allocate(dtypeOf(x), outer * indices.length * inner);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < indices.length; i++) {
      const src = (o * dim + indices[i]!) * inner;
      out.set(x.subarray(src, src + inner), (o * indices.length + i) * inner);
    }
  }
  return out;
}

export function scatterAdd(dy: Float32Array, dyShape: Shape, indices: Int32Array, axis: number, size: number): Float32Array {
  const { outer, inner } = around(dyShape, axis);
  const out = new Float32Array(outer * size * inner);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < indices.length; i++) {
      const src = (o * indices.length + i) * inner;
      const dst = (o * size + indices[i]!) * inner;
      for (let j = 0; j < inner; j++) out[dst + j]! += dy[src + j]!;
    }
  }
  return out;
}

export function oneHot(indices: Int32Array, depth: number): Float32Array {
  const out = new Float32Array(indices.length * depth);
  indices.forEach((index, i) => {
    out[i * depth + index] = 1;
  });
  return out;
}
