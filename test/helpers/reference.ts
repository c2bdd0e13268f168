/**
 * Float64 reference implementations, written as naively as possible (one output element at a
 * time, indices unravelled by hand) so they share no code or tricks with the backends they check.
 * They are the oracle for forward values and the function finite differences are taken of.
 */
export interface NDArray {
  data: Float64Array;
  shape: number[];
}

export function nd(data: ArrayLike<number>, shape: number[]): NDArray {
  const size = shape.reduce((a, b) => a * b, 1);
  if (data.length !== size) throw new Error(`reference: ${data.length} values for shape [${shape}]`);
  return { data: Float64Array.from(data), shape: shape.slice() };
}

const sizeOf = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

function unravel(index: number, shape: readonly number[]): number[] {
  const out = new Array<number>(shape.length);
  for (let i = shape.length - 1; i >= 0; i--) {
    out[i] = index % shape[i]!;
    index = Math.floor(index / shape[i]!);
  }
  return out;
}

function ravel(coords: readonly number[], shape: readonly number[]): number {
  let index = 0;
  for (let i = 0; i < shape.length; i++) index = index * shape[i]! + coords[i]!;
  return index;
}

function make(shape: number[], at: (coords: number[]) => number): NDArray {
  const data = new Float64Array(sizeOf(shape));
  for (let i = 0; i < data.length; i++) data[i] = at(unravel(i, shape));
  return { data, shape };
}

function get(x: NDArray, coords: readonly number[]): number {
  return x.data[ravel(coords, x.shape)]!;
}

export function map(x: NDArray, f: (v: number) => number): NDArray {
  return { data: x.data.map(f), shape: x.shape.slice() };
}

function broadcastShape(a: readonly number[], b: readonly number[]): number[] {
  const rank = Math.max(a.length, b.length);
  return Array.from({ length: rank }, (_, i) => {
    const da = a[a.length - rank + i] ?? 1;
    const db = b[b.length - rank + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) throw new Error(`reference: cannot broadcast [${a}] and [${b}]`);
    return da === 1 ? db : da;
  });
}

/** Reads `x` at output coordinates of a broadcast shape. */
function getBroadcast(x: NDArray, coords: readonly number[]): number {
  const offset = coords.length - x.shape.length;
  return get(x, x.shape.map((d, i) => (d === 1 ? 0 : coords[offset + i]!)));
}

export function zip(a: NDArray, b: NDArray, f: (x: number, y: number) => number): NDArray {
  return make(broadcastShape(a.shape, b.shape), (c) => f(getBroadcast(a, c), getBroadcast(b, c)));
}

export function broadcastTo(x: NDArray, shape: number[]): NDArray {
  return make(shape.slice(), (c) => getBroadcast(x, c));
}

export function reduce(x: NDArray, axes: number[], keepDims: boolean, init: number, f: (acc: number, v: number) => number): NDArray {
  const ax = axes.map((a) => (a < 0 ? a + x.shape.length : a));
  const kept = x.shape.map((d, i) => (ax.includes(i) ? 1 : d));
  const full = make(kept, () => init);
  for (let i = 0; i < x.data.length; i++) {
    const c = unravel(i, x.shape).map((v, j) => (ax.includes(j) ? 0 : v));
    const o = ravel(c, kept);
    full.data[o] = f(full.data[o]!, x.data[i]!);
  }
  return keepDims ? full : { data: full.data, shape: x.shape.filter((_, i) => !ax.includes(i)) };
}

export const sum = (x: NDArray, axes: number[], keepDims = false): NDArray => reduce(x, axes, keepDims, 0, (a, v) => a + v);
export const max = (x: NDArray, axes: number[], keepDims = false): NDArray => reduce(x, axes, keepDims, -Infinity, Math.max);
export const min = (x: NDArray, axes: number[], keepDims = false): NDArray => reduce(x, axes, keepDims, Infinity, Math.min);
export function mean(x: NDArray, axes: number[], keepDims = false): NDArray {
  const count = axes.reduce((n, a) => n * x.shape[a < 0 ? a + x.shape.length : a]!, 1);
  return map(sum(x, axes, keepDims), (v) => v / count);
}

/** Batched matrix product with broadcast batch dims; `ta`/`tb` transpose the last two axes first. */
export function matmul(a: NDArray, b: NDArray, ta = false, tb = false): NDArray {
  const A = ta ? swapLast(a) : a;
  const B = tb ? swapLast(b) : b;
  const [m, k] = A.shape.slice(-2) as [number, number];
  const n = B.shape[B.shape.length - 1]!;
  const batch = broadcastShape(A.shape.slice(0, -2), B.shape.slice(0, -2));
  return make([...batch, m, n], (c) => {
    const bc = c.slice(0, -2);
    const [i, j] = c.slice(-2) as [number, number];
    let s = 0;
    for (let p = 0; p < k; p++) s += getBroadcast(A, [...bc, i, p]) * getBroadcast(B, [...bc, p, j]);
    return s;
  });
}

function swapLast(x: NDArray): NDArray {
  const r = x.shape.length;
  return transpose(x, [...Array.from({ length: r - 2 }, (_, i) => i), r - 1, r - 2]);
}

export function transpose(x: NDArray, perm: number[]): NDArray {
  return make(perm.map((p) => x.shape[p]!), (c) => {
    const src = new Array<number>(c.length);
    perm.forEach((p, i) => (src[p] = c[i]!));
    return get(x, src);
  });
}

export function slice(x: NDArray, begin: number[], size: number[]): NDArray {
  return make(size.slice(), (c) => get(x, c.map((v, i) => v + begin[i]!)));
}

export function pad(x: NDArray, paddings: [number, number][]): NDArray {
  const shape = x.shape.map((d, i) => d + paddings[i]![0] + paddings[i]![1]);
  return make(shape, (c) => {
    const src = c.map((v, i) => v - paddings[i]![0]);
    return src.every((v, i) => v >= 0 && v < x.shape[i]!) ? get(x, src) : 0;
  });
}

export function concat(xs: NDArray[], axis: number): NDArray {
  const shape = xs[0]!.shape.slice();
  shape[axis] = xs.reduce((n, x) => n + x.shape[axis]!, 0);
  return make(shape, (c) => {
    let at = c[axis]!;
    for (const x of xs) {
      if (at < x.shape[axis]!) return get(x, c.map((v, i) => (i === axis ? at : v)));
      at -= x.shape[axis]!;
    }
    throw new Error('unreachable');
  });
}

export function gather(x: NDArray, indices: number[], axis: number): NDArray {
  const shape = x.shape.slice();
  shape[axis] = indices.length;
  return make(shape, (c) => get(x, c.map((v, i) => (i === axis ? indices[v]! : v))));
}

function softmaxParts(x: NDArray, axis: number): { maxes: NDArray; logSum: NDArray } {
  const maxes = max(x, [axis], true);
  const shifted = zip(x, maxes, (v, m) => Math.exp(v - m));
  return { maxes, logSum: map(sum(shifted, [axis], true), Math.log) };
}

export function logSoftmax(x: NDArray, axis = -1): NDArray {
  const a = axis < 0 ? axis + x.shape.length : axis;
  const { maxes, logSum } = softmaxParts(x, a);
  return zip(zip(x, maxes, (v, m) => v - m), logSum, (v, l) => v - l);
}

export function softmax(x: NDArray, axis = -1): NDArray {
  return map(logSoftmax(x, axis), Math.exp);
}

export type RefPadding = 'valid' | 'same' | number;

function outAndPad(input: number, extent: number, stride: number, padding: RefPadding): [number, number] {
  if (padding === 'same') {
    const out = Math.ceil(input / stride);
    return [out, Math.floor(Math.max(0, (out - 1) * stride + extent - input) / 2)];
  }
  const p = padding === 'valid' ? 0 : padding;
  return [Math.floor((input + 2 * p - extent) / stride) + 1, p];
}

/** Direct 2-D cross-correlation, NHWC input, HWIO filter. */
export function conv2d(x: NDArray, w: NDArray, strides: [number, number], padding: RefPadding, dilations: [number, number] = [1, 1]): NDArray {
  const [n, h, wd, c] = x.shape as [number, number, number, number];
  const [fh, fw, , oc] = w.shape as [number, number, number, number];
  const [oh, pt] = outAndPad(h, (fh - 1) * dilations[0] + 1, strides[0], padding);
  const [ow, pl] = outAndPad(wd, (fw - 1) * dilations[1] + 1, strides[1], padding);
  return make([n, oh, ow, oc], ([b, y, xx, o]) => {
    let s = 0;
    for (let ky = 0; ky < fh; ky++) {
      for (let kx = 0; kx < fw; kx++) {
        const iy = y! * strides[0] - pt + ky * dilations[0];
        const ix = xx! * strides[1] - pl + kx * dilations[1];
        if (iy < 0 || iy >= h || ix < 0 || ix >= wd) continue;
        for (let ci = 0; ci < c; ci++) s += get(x, [b!, iy, ix, ci]) * get(w, [ky, kx, ci, o!]);
      }
    }
    return s;
  });
}

/** Max or average pooling over in-bounds cells only (TF's convention for padding). */
export function pool(kind: 'max' | 'avg', x: NDArray, size: [number, number], strides: [number, number], padding: RefPadding): NDArray {
  const [n, h, wd, c] = x.shape as [number, number, number, number];
  const [oh, pt] = outAndPad(h, size[0], strides[0], padding);
  const [ow, pl] = outAndPad(wd, size[1], strides[1], padding);
  return make([n, oh, ow, c], ([b, y, xx, ch]) => {
    const cells: number[] = [];
    for (let ky = 0; ky < size[0]; ky++) {
      for (let kx = 0; kx < size[1]; kx++) {
        const iy = y! * strides[0] - pt + ky;
        const ix = xx! * strides[1] - pl + kx;
        if (iy >= 0 && iy < h && ix >= 0 && ix < wd) cells.push(get(x, [b!, iy, ix, ch!]));
      }
    }
    return kind === 'max' ? Math.max(...cells) : cells.reduce((s, v) => s + v, 0) / cells.length;
  });
}

/** erf by its Maclaurin series, accurate to ~1e-10 for |x| <= 4 (the range tests use). */
export function erf(x: number): number {
  if (Math.abs(x) > 4) throw new Error(`reference erf: |x| = ${Math.abs(x)} is beyond the series' accurate range`);
  let sum = 0;
  let term = x; // (-1)^n x^(2n+1) / n!
  for (let n = 0; n < 120; n++) {
    sum += term / (2 * n + 1);
    term *= (-x * x) / (n + 1);
  }
  return (2 / Math.sqrt(Math.PI)) * sum;
}
