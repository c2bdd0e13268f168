import { record } from '../../autograd/tape.js';
import { backend } from '../../backend/index.js';
import { ArgumentError, DTypeError, ShapeError, fmtShape } from '../../errors.js';
import { broadcastShapes, normalizeAxis, sameShape, sizeOf } from '../shape.js';
import { Tensor } from '../tensor.js';
import { asTensor } from './operands.js';
import { sum } from './reduction.js';

/** Same data, new shape; one dimension may be -1 and is inferred. Shares the buffer. */
export function reshape(x: Tensor, shape: readonly number[]): Tensor {
  const t = asTensor('reshape', x);
  if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= -1)) {
    throw new ShapeError(`reshape: expected a shape of integers >= -1, found ${JSON.stringify(shape)}`);
  }
  const unknown = shape.filter((d) => d === -1).length;
  if (unknown > 1) throw new ShapeError(`reshape: only one dimension can be -1, found ${fmtShape(shape)}`);
  const known = sizeOf(shape.filter((d) => d !== -1));
  let resolved = shape.slice();
  if (unknown === 1) {
    if (known === 0 || t.size % known !== 0) {
      throw new ShapeError(`reshape: cannot reshape ${fmtShape(t.shape)} (${t.size} elements) to ${fmtShape(shape)}`);
    }
    resolved = shape.map((d) => (d === -1 ? t.size / known : d));
  }
  if (sizeOf(resolved) !== t.size) {
    throw new ShapeError(`reshape: cannot reshape ${fmtShape(t.shape)} (${t.size} elements) to ${fmtShape(shape)} (${sizeOf(resolved)} elements)`);
  }
  return record('reshape', [t], new Tensor(t.values, resolved), null);
}

/** Permutes axes; without `perm`, reverses them (a matrix transpose for rank 2). */
export function transpose(x: Tensor, perm?: readonly number[]): Tensor {
  const t = asTensor('transpose', x);
  const p = perm === undefined ? t.shape.map((_, i) => t.rank - 1 - i) : perm.map((a) => normalizeAxis('transpose', a, t.rank));
  if (p.length !== t.rank || new Set(p).size !== t.rank) {
    throw new ArgumentError(`transpose: perm ${JSON.stringify(perm)} is not a permutation of the ${t.rank} axes of ${fmtShape(t.shape)}`);
  }
  const outShape = p.map((a) => t.shape[a]!);
  return record('transpose', [t], new Tensor(backend().transpose(t.values, t.shape, p), outShape), { perm: p });
}

/** Repeats `x` along broadcast dimensions to `shape` (NumPy rules). */
export function broadcastTo(x: Tensor, shape: readonly number[]): Tensor {
  const t = asTensor('broadcastTo', x);
  const full = broadcastShapes('broadcastTo', t.shape, shape);
  if (!sameShape(full, shape)) {
    throw new ShapeError(`broadcastTo: cannot broadcast ${fmtShape(t.shape)} to ${fmtShape(shape)}`);
  }
  if (sameShape(t.shape, shape)) return t;
  return record('broadcastTo', [t], new Tensor(backend().broadcastTo(t.values, t.shape, shape), shape), null);
}

/** Sums `x` down to `shape`: undoes broadcasting (the gradient of every broadcasting op). */
export function sumTo(x: Tensor, shape: readonly number[]): Tensor {
  if (sameShape(x.shape, shape)) return x;
  const lead = x.rank - shape.length;
  const axes = x.shape.map((_, i) => i).filter((i) => i < lead || (shape[i - lead] === 1 && x.shape[i] !== 1));
  return reshape(sum(x, axes), shape);
}

/** `size[i]` elements from `begin[i]` along each axis; a size of -1 takes the rest of the axis. */
export function slice(x: Tensor, begin: readonly number[], size?: readonly number[]): Tensor {
  const t = asTensor('slice', x);
  const where = `begin ${JSON.stringify(begin)}, size ${JSON.stringify(size)} on ${fmtShape(t.shape)}`;
  if (!Array.isArray(begin) || begin.length !== t.rank || (size !== undefined && (!Array.isArray(size) || size.length !== t.rank))) {
    throw new ArgumentError(`slice: begin and size need one entry per axis (${t.rank}): ${where}`);
  }
  const b = begin.slice();
  const s = t.shape.map((d, i) => {
    const want = size?.[i] ?? -1;
    return want === -1 ? d - b[i]! : want;
  });
  t.shape.forEach((d, i) => {
    if (!Number.isInteger(b[i]) || !Number.isInteger(s[i]) || b[i]! < 0 || s[i]! < 0 || b[i]! + s[i]! > d) {
      throw new ArgumentError(`slice: out of bounds on axis ${i}: ${where}`);
    }
  });
  return record('slice', [t], new Tensor(backend().slice(t.values, t.shape, b, s), s), { begin: b });
}

/** Zero padding: `paddings[i] = [before, after]` for axis i. */
export function pad(x: Tensor, paddings: readonly (readonly [number, number])[]): Tensor {
  const t = asTensor('pad', x);
  const valid = Array.isArray(paddings) && paddings.length === t.rank &&
    paddings.every((p) => Array.isArray(p) && p.length === 2 && p.every((v) => Number.isInteger(v) && v >= 0));
  if (!valid) {
    throw new ArgumentError(`pad: expected ${t.rank} pairs of non-negative integers for ${fmtShape(t.shape)}, found ${JSON.stringify(paddings)}`);
  }
  const before = paddings.map((p) => p[0]);
  const after = paddings.map((p) => p[1]);
  const outShape = t.shape.map((d, i) => d + before[i]! + after[i]!);
  return record('pad', [t], new Tensor(backend().pad(t.values, t.shape, before, after), outShape), { before, after });
}

/** Joins tensors along `axis`; all other dimensions and the dtypes must match. */
export function concat(xs: readonly Tensor[], axis = 0): Tensor {
  if (!Array.isArray(xs) || xs.length === 0) throw new ArgumentError('concat: expected a non-empty array of tensors');
  const ts = xs.map((x, i) => asTensor('concat', x, `xs[${i}]`));
  const first = ts[0]!;
  if (first.rank === 0) throw new ShapeError('concat: cannot concatenate scalars (rank 0); reshape them to [1] first');
  const a = normalizeAxis('concat', axis, first.rank);
  for (const t of ts) {
    if (t.dtype !== first.dtype) throw new DTypeError(`concat: dtypes differ: ${first.dtype} and ${t.dtype}`);
    if (t.rank !== first.rank || t.shape.some((d, i) => i !== a && d !== first.shape[i])) {
      throw new ShapeError(`concat: shapes ${ts.map((u) => fmtShape(u.shape)).join(', ')} differ outside axis ${a}`);
    }
  }
  const outShape = first.shape.slice();
  outShape[a] = ts.reduce((n, t) => n + t.shape[a]!, 0);
  const out = new Tensor(backend().concat(ts.map((t) => t.values), ts.map((t) => t.shape), a), outShape);
  return record('concat', ts, out, { axis: a });
}

/** Stacks same-shape tensors along a new axis. */
export function stack(xs: readonly Tensor[], axis = 0): Tensor {
  if (!Array.isArray(xs) || xs.length === 0) throw new ArgumentError('stack: expected a non-empty array of tensors');
  const ts = xs.map((x, i) => asTensor('stack', x, `xs[${i}]`));
  const first = ts[0]!;
  const a = normalizeAxis('stack', axis, first.rank + 1);
  // Checked here so a mismatch is reported as stack's, with the shapes the caller passed
  // (concat would name itself and the expanded shapes).
  for (const t of ts) {
    if (t.dtype !== first.dtype) throw new DTypeError(`stack: dtypes differ: ${first.dtype} and ${t.dtype}`);
    if (!sameShape(t.shape, first.shape)) {
      throw new ShapeError(`stack: tensors must have one shape, found ${ts.map((u) => fmtShape(u.shape)).join(', ')}`);
    }
  }
  return concat(ts.map((t) => expandDims(t, a)), a);
}

/** Inserts an axis of size 1 at `axis`. */
export function expandDims(x: Tensor, axis = 0): Tensor {
  const t = asTensor('expandDims', x);
  const a = normalizeAxis('expandDims', axis, t.rank + 1);
  const shape = t.shape.slice();
  shape.splice(a, 0, 1);
  return reshape(t, shape);
}

/** Removes axes of size 1 (all of them, or those in `axis`). */
export function squeeze(x: Tensor, axis?: number | readonly number[]): Tensor {
  const t = asTensor('squeeze', x);
  const axes = axis === undefined
    ? t.shape.flatMap((d, i) => (d === 1 ? [i] : []))
    : (typeof axis === 'number' ? [axis] : axis).map((a) => normalizeAxis('squeeze', a, t.rank));
  for (const a of axes) {
    if (t.shape[a] !== 1) throw new ShapeError(`squeeze: axis ${a} of ${fmtShape(t.shape)} has size ${t.shape[a]}, not 1`);
  }
  return reshape(t, t.shape.filter((_, i) => !axes.includes(i)));
}

function indicesOf(op: string, indices: Tensor | readonly number[], dim: number): Int32Array {
  let values: ArrayLike<number>;
  if (indices instanceof Tensor) {
    if (indices.dtype !== 'int32') throw new DTypeError(`${op}: indices must be int32, found ${indices.dtype}`);
    if (indices.rank !== 1) throw new ShapeError(`${op}: indices must have rank 1, found ${fmtShape(indices.shape)}`);
    values = indices.values;
  } else if (Array.isArray(indices)) {
    values = indices;
  } else {
    throw new ArgumentError(`${op}: indices must be an int32 Tensor or an array of integers`);
  }
  const out = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isInteger(v) || v < 0 || v >= dim) {
      throw new ArgumentError(`${op}: index ${v} at position ${i} is out of range [0, ${dim})`);
    }
    out[i] = v;
  }
  return out;
}

/** Picks entries `indices` (a rank-1 list) along `axis`. */
export function gather(x: Tensor, indices: Tensor | readonly number[], axis = 0): Tensor {
  const t = asTensor('gather', x);
  if (t.rank === 0) throw new ShapeError('gather: cannot gather from a scalar');
  const a = normalizeAxis('gather', axis, t.rank);
  const idx = indicesOf('gather', indices, t.shape[a]!);
  const outShape = t.shape.slice();
  outShape[a] = idx.length;
  return record('gather', [t], new Tensor(backend().gather(t.values, t.shape, idx, a), outShape), { indices: idx, axis: a });
}

/** Gradient of gather: adds the rows of `dy` back into `size` slots of `axis`. Not recorded. */
export function scatterAdd(dy: Tensor, indices: Int32Array, axis: number, size: number): Tensor {
  const outShape = dy.shape.slice();
  outShape[axis] = size;
  return new Tensor(backend().scatterAdd(dy.values as Float32Array, dy.shape, indices, axis, size), outShape);
}

/** One row of length `depth` per index, 1 at the index. */
export function oneHot(indices: Tensor, depth: number): Tensor {
  const t = asTensor('oneHot', indices, 'indices');
  if (t.dtype !== 'int32') throw new DTypeError(`oneHot: indices must be int32, found ${t.dtype}`);
  if (!Number.isInteger(depth) || depth < 1) throw new ArgumentError(`oneHot: depth must be a positive integer, found ${depth}`);
  // A label outside [0, depth) is nearly always a data bug (1-based labels); say so instead of a zero row.
  indicesOf('oneHot', t.reshape([t.size]), depth);
  return new Tensor(backend().oneHot(t.values as Int32Array, depth), [...t.shape, depth]);
}
