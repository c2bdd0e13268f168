import { backend } from '../../backend/index.js';
import { ArgumentError } from '../../errors.js';
import { assertDType } from '../dtype.js';
import type { DType } from '../dtype.js';
import { Tensor } from '../tensor.js';
import { asTensor } from './operands.js';

/**
 * Converts to `dtype` (float to int truncates toward zero). Not recorded: an int32 result has no
 * gradient, and a cast to the same dtype returns the tensor itself, graph included.
 */
export function cast(x: Tensor, dtype: DType): Tensor {
  const t = asTensor('cast', x);
  assertDType('cast', dtype);
  if (t.dtype === dtype) return t;
  if (dtype === 'int32') {
    // NaN, infinities and values past 2^31 have no int32 value; wrapping them would be silent garbage.
    const v = t.values;
    for (let i = 0; i < v.length; i++) {
      if (!(v[i]! > -2147483649 && v[i]! < 2147483648)) {
        throw new ArgumentError(`cast: ${v[i]} at flat index ${i} has no int32 value (shape [${t.shape.join(',')}])`);
      }
    }
  }
  return new Tensor(backend().cast(t.values, dtype), t.shape);
}
