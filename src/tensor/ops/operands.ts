import { ArgumentError, DTypeError, describe } from '../../errors.js';
import type { DType } from '../dtype.js';
import { Tensor } from '../tensor.js';
import type { TensorLike } from '../tensor.js';

/** Checks that `x` is a tensor (op arguments come from untyped JS too). */
export function asTensor(op: string, x: unknown, name = 'x'): Tensor {
  if (!(x instanceof Tensor)) {
    throw new ArgumentError(`${op}: expected ${name} to be a Tensor, found ${describe(x)}`);
  }
  return x;
}

export function requireFloat(op: string, x: Tensor, name = 'x'): Tensor {
  if (x.dtype !== 'float32') {
    throw new DTypeError(`${op}: expected ${name} to be float32, found ${x.dtype} (use .cast('float32'))`);
  }
  return x;
}

/**
 * The two operands of a binary op as tensors of one dtype. A number takes the other operand's
 * dtype when it fits (an integer next to an int32 tensor), else float32.
 */
export function binaryOperands(op: string, a: TensorLike, b: TensorLike): [Tensor, Tensor] {
  const dtypeFor = (n: number, other: unknown): DType =>
    other instanceof Tensor && other.dtype === 'int32' && Number.isInteger(n) ? 'int32' : 'float32';
  const ta = typeof a === 'number' ? scalarOf(a, dtypeFor(a, b)) : asTensor(op, a, 'a');
  const tb = typeof b === 'number' ? scalarOf(b, dtypeFor(b, a)) : asTensor(op, b, 'b');
  if (ta.dtype !== tb.dtype) {
    throw new DTypeError(`${op}: operands have different dtypes, ${ta.dtype} and ${tb.dtype} (cast one with .cast())`);
  }
  return [ta, tb];
}

export function scalarOf(value: number, dtype: DType): Tensor {
  return new Tensor(dtype === 'int32' ? Int32Array.of(value) : Float32Array.of(value), []);
}
