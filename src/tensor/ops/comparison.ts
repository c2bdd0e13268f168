import type { Tensor, TensorLike } from '../tensor.js';
import { binaryKernel } from './arithmetic.js';
import { binaryOperands } from './operands.js';

/**
 * Elementwise comparisons with broadcasting. There is no bool dtype: the result is 1 or 0 in the
 * operands' dtype, ready to be summed or averaged (accuracy = mean(equal(pred, labels))).
 * Not differentiable, so never recorded.
 */
function compare(op: string, kernel: 'equal' | 'greater' | 'greaterEqual', a: TensorLike, b: TensorLike, swap: boolean): Tensor {
  const [ta, tb] = binaryOperands(op, a, b);
  return swap ? binaryKernel(kernel, tb, ta) : binaryKernel(kernel, ta, tb);
}

export const equal = (a: TensorLike, b: TensorLike): Tensor => compare('equal', 'equal', a, b, false);
export const greater = (a: TensorLike, b: TensorLike): Tensor => compare('greater', 'greater', a, b, false);
export const greaterEqual = (a: TensorLike, b: TensorLike): Tensor => compare('greaterEqual', 'greaterEqual', a, b, false);
export const less = (a: TensorLike, b: TensorLike): Tensor => compare('less', 'greater', a, b, true);
export const lessEqual = (a: TensorLike, b: TensorLike): Tensor => compare('lessEqual', 'greaterEqual', a, b, true);
