import { record } from '../../autograd/tape.js';
import type { BinaryOp, UnaryOp } from '../../backend/backend.js';
import { backend } from '../../backend/index.js';
import { broadcastShapes } from '../shape.js';
import { Tensor } from '../tensor.js';
import type { TensorLike } from '../tensor.js';
import { asTensor, binaryOperands, requireFloat } from './operands.js';

/** Elementwise arithmetic and math. Gradients: autograd/gradients.ts. */

type RecordedBinary = 'add' | 'sub' | 'mul' | 'div' | 'pow' | 'maximum' | 'minimum';
type RecordedUnary = 'neg' | 'abs' | 'square' | 'exp' | 'log' | 'sqrt' | 'relu' | 'sigmoid' | 'tanh';

/** Runs a binary kernel with broadcasting, without recording (also used by gradients). */
export function binaryKernel(op: BinaryOp, a: Tensor, b: Tensor): Tensor {
  const outShape = broadcastShapes(op, a.shape, b.shape);
  return new Tensor(backend().binary(op, a.values, a.shape, b.values, b.shape, outShape), outShape);
}

function binaryOp(op: RecordedBinary, a: TensorLike, b: TensorLike, floatOnly: boolean): Tensor {
  const [ta, tb] = binaryOperands(op, a, b);
  if (floatOnly) requireFloat(op, ta, 'a');
  return record(op, [ta, tb], binaryKernel(op, ta, tb), null);
}

/** A unary op; `floatOnly` ops (exp, log, ...) refuse int32 rather than silently truncating. */
export function unaryOp(op: RecordedUnary, x: Tensor, floatOnly: boolean): Tensor {
  const t = asTensor(op, x);
  if (floatOnly) requireFloat(op, t);
  return record(op, [t], new Tensor(backend().unary(op as UnaryOp, t.values), t.shape), null);
}

export const add = (a: TensorLike, b: TensorLike): Tensor => binaryOp('add', a, b, false);
export const sub = (a: TensorLike, b: TensorLike): Tensor => binaryOp('sub', a, b, false);
export const mul = (a: TensorLike, b: TensorLike): Tensor => binaryOp('mul', a, b, false);
/** True division; int32 operands are refused (cast them) rather than floored silently. */
export const div = (a: TensorLike, b: TensorLike): Tensor => binaryOp('div', a, b, true);
export const pow = (a: TensorLike, b: TensorLike): Tensor => binaryOp('pow', a, b, true);
export const maximum = (a: TensorLike, b: TensorLike): Tensor => binaryOp('maximum', a, b, false);
export const minimum = (a: TensorLike, b: TensorLike): Tensor => binaryOp('minimum', a, b, false);

export const neg = (x: Tensor): Tensor => unaryOp('neg', x, false);
export const abs = (x: Tensor): Tensor => unaryOp('abs', x, false);
export const square = (x: Tensor): Tensor => unaryOp('square', x, false);
export const exp = (x: Tensor): Tensor => unaryOp('exp', x, true);
export const log = (x: Tensor): Tensor => unaryOp('log', x, true);
export const sqrt = (x: Tensor): Tensor => unaryOp('sqrt', x, true);

/** sign(x) in {-1, 0, 1}; not differentiable (its gradient is 0 almost everywhere), so not recorded. */
export function sign(x: Tensor): Tensor {
  const t = asTensor('sign', x);
  return new Tensor(backend().unary('sign', t.values), t.shape);
}
