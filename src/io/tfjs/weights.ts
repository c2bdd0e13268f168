/**
 * Weight values as TF.js stores them: the manifest lists each weight's name, shape and dtype,
 * and the data is every weight's values concatenated in that order, little-endian float32 or
 * int32. Optimizer state rides along with `group: 'optimizer'`.
 */
import { ArgumentError, DataError } from '../../errors.js';
import type { DType } from '../../tensor/dtype.js';
import { sizeOf } from '../../tensor/shape.js';
import { Tensor } from '../../tensor/tensor.js';

export interface WeightSpec {
  name: string;
  shape: number[];
  dtype: DType;
  group?: 'optimizer';
}

export interface NamedWeight {
  name: string;
  tensor: Tensor;
  group?: 'optimizer';
}

const BYTES_PER_VALUE = 4;

/** The manifest entries and the bytes of `weights`, in order. */
export function encodeWeights(weights: readonly NamedWeight[]): { specs: WeightSpec[]; data: Uint8Array } {
  const total = weights.reduce((n, w) => n + w.tensor.size, 0);
  const data = new Uint8Array(total * BYTES_PER_VALUE);
  const view = new DataView(data.buffer);
  let at = 0;
  const specs = weights.map(({ name, tensor, group }) => {
    const values = tensor.values;
    for (let i = 0; i < values.length; i++, at += BYTES_PER_VALUE) {
      if (tensor.dtype === 'int32') view.setInt32(at, values[i]!, true);
      else view.setFloat32(at, values[i]!, true);
    }
    return { name, shape: tensor.shape.slice(), dtype: tensor.dtype, ...(group === undefined ? {} : { group }) };
  });
  return { specs, data };
}

/** Refuses two weights with one name: a file could not tell which value is whose. */
export function checkUniqueNames(op: string, specs: readonly WeightSpec[]): void {
  const seen = new Set<string>();
  for (const { name, group } of specs) {
    const key = `${group ?? 'model'}:${name}`;
    if (seen.has(key)) throw new ArgumentError(`${op}: two weights are named '${name}'; give the layers distinct names`);
    seen.add(key);
  }
}

/**
 * The tensors of `specs` read from `data` (the concatenated weight files). `file` names the
 * data in errors; the data must hold exactly what the manifest describes.
 */
export function decodeWeights(specs: readonly WeightSpec[], data: Uint8Array, file: string): NamedWeight[] {
  const expected = specs.reduce((n, s) => n + sizeOf(s.shape), 0) * BYTES_PER_VALUE;
  if (data.byteLength !== expected) {
    const what = data.byteLength < expected ? 'truncated' : 'longer than the manifest says';
    throw new DataError(`${file}: ${what}: the manifest describes ${expected} bytes (${specs.length} weights), found ${data.byteLength} bytes`);
  }
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  let at = 0;
  return specs.map(({ name, shape, dtype, group }) => {
    const values = dtype === 'int32' ? new Int32Array(sizeOf(shape)) : new Float32Array(sizeOf(shape));
    for (let i = 0; i < values.length; i++, at += BYTES_PER_VALUE) {
      values[i] = dtype === 'int32' ? view.getInt32(at, true) : view.getFloat32(at, true);
    }
    return { name, tensor: new Tensor(values, shape), ...(group === undefined ? {} : { group }) };
  });
}
