import { ArgumentError, ShapeError, describe, fmtShape } from '../../errors.js';
import type { DType, TypedArray } from '../dtype.js';
import { allocate, assertDType } from '../dtype.js';
import { Random, globalRandom } from '../random.js';
import { assertShape, sizeOf } from '../shape.js';
import { Tensor } from '../tensor.js';
import type { NestedArray } from '../tensor.js';
import { asTensor } from './operands.js';

export type TensorData = NestedArray | readonly NestedArray[] | TypedArray | readonly number[];

/** Shape of a nested array, checking it is rectangular and holds only numbers. */
function inferShape(data: NestedArray, path: string): number[] {
  if (!Array.isArray(data)) {
    if (typeof data !== 'number') throw new ArgumentError(`tensor: expected numbers, found ${describe(data)} at ${path}`);
    return [];
  }
  if (data.length === 0) return [0];
  const inner = inferShape(data[0]!, `${path}[0]`);
  data.forEach((item, i) => {
    const s = inferShape(item, `${path}[${i}]`);
    if (s.length !== inner.length || s.some((d, j) => d !== inner[j])) {
      throw new ShapeError(`tensor: ragged nested array: ${path}[0] has shape ${fmtShape(inner)} but ${path}[${i}] has shape ${fmtShape(s)}`);
    }
  });
  return [data.length, ...inner];
}

/** Row-major values of a nested array already checked by inferShape. */
function flatten(data: NestedArray, out: number[]): number[] {
  if (Array.isArray(data)) for (const item of data) flatten(item, out);
  else out.push(data);
  return out;
}

/** `op` names the caller in error messages (fill and range check their values here too). */
function toTypedArray(flat: ArrayLike<number>, dtype: DType, op = 'tensor'): TypedArray {
  const out = allocate(dtype, flat.length);
  // Typed arrays hold only numbers, and any converts to float32 as an assignment would: one copy.
  if (dtype === 'float32' ? flat instanceof Float32Array || flat instanceof Int32Array : flat instanceof Int32Array) {
    out.set(flat);
    return out;
  }
  for (let i = 0; i < flat.length; i++) {
    const v = flat[i]!;
    if (typeof v !== 'number') throw new ArgumentError(`${op}: expected numbers, found ${describe(v)} at index ${i}`);
    if (dtype === 'int32' && !(Number.isInteger(v) && v >= -(2 ** 31) && v < 2 ** 31)) {
      throw new ArgumentError(`${op}: dtype int32 needs 32-bit integers, found ${v} at index ${i}`);
    }
    out[i] = v;
  }
  return out;
}

/**
 * Makes a tensor from a number, a (nested) array or a typed array. Without `shape`, the shape is
 * the nesting; with it, the data (flat or nested) must have exactly that many elements. The dtype
 * defaults to int32 for an Int32Array and float32 otherwise.
 */
export function tensor(data: TensorData, shape?: readonly number[], dtype?: DType): Tensor {
  const type = dtype === undefined ? (data instanceof Int32Array ? 'int32' : 'float32') : assertDType('tensor', dtype);
  let flat: ArrayLike<number>;
  let inferred: number[];
  if (data instanceof Float32Array || data instanceof Int32Array) {
    flat = data;
    inferred = [data.length];
  } else if (typeof data === 'number' || Array.isArray(data)) {
    inferred = inferShape(data as NestedArray, 'data');
    flat = flatten(data as NestedArray, []);
  } else {
    throw new ArgumentError(`tensor: expected a number, an array or a Float32Array/Int32Array, found ${describe(data)}`);
  }
  const target = shape === undefined ? inferred : assertShape('tensor', shape);
  if (sizeOf(target) !== flat.length) {
    throw new ShapeError(`tensor: shape ${fmtShape(target)} needs ${sizeOf(target)} values, found ${flat.length}`);
  }
  return new Tensor(toTypedArray(flat, type), target);
}

export function scalar(value: number, dtype: DType = 'float32'): Tensor {
  return tensor(value, [], dtype);
}

/** fill, zeros and ones; `op` is the one the caller used, for error messages. */
function filled(op: string, shape: readonly number[], value: number, dtype: DType): Tensor {
  const s = assertShape(op, shape);
  const values = allocate(assertDType(op, dtype), sizeOf(s));
  values.fill(toTypedArray([value], dtype, op)[0]!);
  return new Tensor(values, s);
}

export const fill = (shape: readonly number[], value: number, dtype: DType = 'float32'): Tensor => filled('fill', shape, value, dtype);
export const zeros = (shape: readonly number[], dtype: DType = 'float32'): Tensor => filled('zeros', shape, 0, dtype);
export const ones = (shape: readonly number[], dtype: DType = 'float32'): Tensor => filled('ones', shape, 1, dtype);
export const zerosLike = (x: Tensor): Tensor => zeros(asTensor('zerosLike', x).shape, x.dtype);
export const onesLike = (x: Tensor): Tensor => ones(asTensor('onesLike', x).shape, x.dtype);

/** A leaf tensor that requires a gradient (a trainable parameter). */
export function variable(data: TensorData | Tensor, shape?: readonly number[]): Tensor {
  const t = data instanceof Tensor ? data.detach() : tensor(data, shape);
  t.requiresGrad = true;
  return t;
}

/** `[start, stop)` in steps of `step`. */
export function range(start: number, stop: number, step = 1, dtype: DType = 'float32'): Tensor {
  if (![start, stop, step].every(Number.isFinite) || step === 0) {
    throw new ArgumentError(`range: expected finite start, stop and a non-zero step, found ${start}, ${stop}, ${step}`);
  }
  const n = Math.max(0, Math.ceil((stop - start) / step));
  const values = Array.from({ length: n }, (_, i) => start + i * step);
  return new Tensor(toTypedArray(values, assertDType('range', dtype), 'range'), [n]);
}

function randomTensor(op: string, shape: readonly number[], dtype: DType, seed: number | undefined, draw: (rng: Random) => number): Tensor {
  const s = assertShape(op, shape);
  const rng = seed === undefined ? globalRandom : new Random(seed);
  const values = allocate(assertDType(op, dtype), sizeOf(s));
  for (let i = 0; i < values.length; i++) values[i] = draw(rng);
  return new Tensor(values, s);
}

function checkNormal(op: string, mean: number, stdDev: number): void {
  if (!(stdDev >= 0) || !Number.isFinite(mean)) {
    throw new ArgumentError(`${op}: expected a finite mean and stdDev >= 0, found mean ${mean}, stdDev ${stdDev}`);
  }
}

/** Normal samples with the given mean and standard deviation (TF.js argument order). */
export function randomNormal(shape: readonly number[], mean = 0, stdDev = 1, dtype: DType = 'float32', seed?: number): Tensor {
  checkNormal('randomNormal', mean, stdDev);
  return randomTensor('randomNormal', shape, dtype, seed, (rng) => mean + stdDev * rng.nextNormal());
}

/**
 * Normal samples redrawn until they lie within two standard deviations of the mean (as TF's
 * truncated normal), so no initial weight is an outlier.
 */
export function truncatedNormal(shape: readonly number[], mean = 0, stdDev = 1, dtype: DType = 'float32', seed?: number): Tensor {
  checkNormal('truncatedNormal', mean, stdDev);
  return randomTensor('truncatedNormal', shape, dtype, seed, (rng) => {
    let z = rng.nextNormal();
    while (Math.abs(z) > 2) z = rng.nextNormal();
    return mean + stdDev * z;
  });
}

/** Uniform samples in [minval, maxval); for int32, integers in that range. */
export function randomUniform(shape: readonly number[], minval = 0, maxval = 1, dtype: DType = 'float32', seed?: number): Tensor {
  if (!(Number.isFinite(minval) && Number.isFinite(maxval) && minval < maxval)) {
    throw new ArgumentError(`randomUniform: expected finite minval < maxval, found ${minval}, ${maxval}`);
  }
  if (dtype === 'int32') {
    const lo = Math.ceil(minval);
    const span = Math.ceil(maxval) - lo;
    // [0.2, 0.8) holds no integer; drawing `lo` would return values outside the range.
    if (span < 1) throw new ArgumentError(`randomUniform: no int32 value lies in [${minval}, ${maxval})`);
    return randomTensor('randomUniform', shape, dtype, seed, (rng) => lo + Math.floor(rng.next() * span));
  }
  return randomTensor('randomUniform', shape, dtype, seed, (rng) => minval + (maxval - minval) * rng.next());
}
