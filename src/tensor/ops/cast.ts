import { backend } from '../../backend/index.js';
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
  return new Tensor(backend().cast(t.values, dtype), t.shape);
}
