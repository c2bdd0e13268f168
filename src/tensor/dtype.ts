import { DTypeError } from '../errors.js';

export type DType = 'float32' | 'int32';
export type TypedArray = Float32Array | Int32Array;

export function isDType(value: unknown): value is DType {
  return value === 'float32' || value === 'int32';
}

export function allocate(dtype: DType, size: number): TypedArray {
  return dtype === 'int32' ? new Int32Array(size) : new Float32Array(size);
}

export function dtypeOf(values: TypedArray): DType {
  return values instanceof Int32Array ? 'int32' : 'float32';
}

export function assertDType(op: string, value: unknown): DType {
  if (!isDType(value)) {
    throw new DTypeError(`${op}: expected dtype 'float32' or 'int32', found ${JSON.stringify(value)}`);
  }
  return value;
}
