import { record } from '../../autograd/tape.js';
import type { ReduceOp } from '../../backend/backend.js';
import { backend } from '../../backend/index.js';
import { ArgumentError, ShapeError, fmtShape } from '../../errors.js';
import { normalizeAxes, normalizeAxis, reducedShape, sizeOf } from '../shape.js';
import { Tensor } from '../tensor.js';
import { mul } from './arithmetic.js';
import { asTensor, requireFloat } from './operands.js';

type Axis = number | readonly number[] | undefined;

function reduceOp(op: ReduceOp, x: Tensor, axis: Axis, keepDims: boolean): Tensor {
  const t = asTensor(op, x);
  const axes = normalizeAxes(op, axis, t.rank);
  if (op !== 'sum' && axes.some((a) => t.shape[a] === 0)) {
    throw new ShapeError(`${op}: cannot reduce an empty axis (shape ${fmtShape(t.shape)}, axes ${JSON.stringify(axes)}): there is no identity`);
  }
  const out = new Tensor(backend().reduce(op, t.values, t.shape, axes), reducedShape(t.shape, axes, keepDims));
  return record(op, [t], out, { axes });
}

/** Sum over `axis` (all axes when omitted); negative axes count from the end. */
export const sum = (x: Tensor, axis?: Axis, keepDims = false): Tensor => reduceOp('sum', x, axis, keepDims);
export const max = (x: Tensor, axis?: Axis, keepDims = false): Tensor => reduceOp('max', x, axis, keepDims);
export const min = (x: Tensor, axis?: Axis, keepDims = false): Tensor => reduceOp('min', x, axis, keepDims);

/** Sum divided by the number of elements reduced; float32 only. */
export function mean(x: Tensor, axis?: Axis, keepDims = false): Tensor {
  const t = requireFloat('mean', asTensor('mean', x));
  const count = sizeOf(normalizeAxes('mean', axis, t.rank).map((a) => t.shape[a]!));
  if (count === 0) throw new ShapeError(`mean: cannot average over an empty axis (shape ${fmtShape(t.shape)})`);
  return mul(sum(t, axis, keepDims), 1 / count);
}

function argReduceOp(op: 'argMax' | 'argMin', x: Tensor, axis: number): Tensor {
  const t = asTensor(op, x);
  if (t.rank === 0) throw new ArgumentError(`${op}: expected a tensor of rank >= 1, found a scalar`);
  const a = normalizeAxis(op, axis, t.rank);
  if (t.shape[a] === 0) throw new ShapeError(`${op}: axis ${a} of shape ${fmtShape(t.shape)} is empty`);
  return new Tensor(backend().argReduce(op, t.values, t.shape, a), reducedShape(t.shape, [a], false));
}

/** Index of the largest element along `axis` (int32, first one on ties). Not differentiable. */
export const argMax = (x: Tensor, axis = -1): Tensor => argReduceOp('argMax', x, axis);
export const argMin = (x: Tensor, axis = -1): Tensor => argReduceOp('argMin', x, axis);
