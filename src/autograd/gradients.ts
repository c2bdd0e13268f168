import type { Activation } from '../backend/backend.js';
import type { Tensor } from '../tensor/tensor.js';
import type { OpName } from './opAttrs.js';
import type { GradientOf } from './tape.js';
import { binaryKernel, div, exp, log, maximum, mul, neg, sign, square, sub } from '../tensor/ops/arithmetic.js';
import { conv2dBackwardFilter, conv2dBackwardInput, pool2dBackward } from '../tensor/ops/conv.js';
import { broadcastTo, pad, reshape, scatterAdd, slice, sumTo, transpose } from '../tensor/ops/layout.js';
import { matMul } from '../tensor/ops/matmul.js';
import { scalarOf } from '../tensor/ops/operands.js';
import { recurrenceGradients } from '../tensor/ops/recurrence.js';
import { sum } from '../tensor/ops/reduction.js';
import { reducedShape } from '../tensor/shape.js';

/**
 * The one table of gradients. Each entry receives dy (the gradient of the output), the op's
 * inputs, its output and its attributes, and returns one thunk per input computing that input's
 * gradient; the tape only calls the thunks of inputs that need a gradient. Broadcasting ops
 * reduce with sumTo back to each input's shape.
 */
type Table = { [K in OpName]: GradientOf<K> };

/** dy of a reduction, with the reduced axes put back as 1s and broadcast to the input's shape. */
function expandReduced(dy: Tensor, x: Tensor, axes: number[]): Tensor {
  return broadcastTo(reshape(dy, reducedShape(x.shape, axes, true)), x.shape);
}

/** max/min: dy goes to the elements equal to the result, split evenly between ties. */
function extremumGradient(dy: Tensor, x: Tensor, y: Tensor, axes: number[]): Tensor {
  const mask = binaryKernel('equal', x, expandReduced(y, x, axes));
  const count = expandReduced(sum(mask, axes), x, axes);
  return div(mul(expandReduced(dy, x, axes), mask), count);
}

export const GRADIENTS: Table = {
  add: (dy, [a, b]) => [() => sumTo(dy, a!.shape), () => sumTo(dy, b!.shape)],
  sub: (dy, [a, b]) => [() => sumTo(dy, a!.shape), () => sumTo(neg(dy), b!.shape)],
  mul: (dy, [a, b]) => [() => sumTo(mul(dy, b!), a!.shape), () => sumTo(mul(dy, a!), b!.shape)],
  div: (dy, [a, b]) => [
    () => sumTo(div(dy, b!), a!.shape),
    () => sumTo(neg(div(mul(dy, a!), square(b!))), b!.shape),
  ],
  // d(a^b)/da = b a^(b-1); d(a^b)/db = a^b ln a, taken as 0 where a <= 0 (as TF does).
  pow: (dy, [a, b], y) => [
    () => sumTo(mul(dy, mul(b!, binaryKernel('pow', a!, sub(b!, 1)))), a!.shape),
    () => {
      const logA = mul(log(maximum(a!, 1e-30)), binaryKernel('greater', a!, scalarOf(0, 'float32')));
      return sumTo(mul(mul(dy, y), logA), b!.shape);
    },
  ],
  // Ties send the gradient to `a`, so exactly one operand receives it.
  maximum: (dy, [a, b]) => {
    const toA = binaryKernel('greaterEqual', a!, b!);
    return [() => sumTo(mul(dy, toA), a!.shape), () => sumTo(mul(dy, sub(1, toA)), b!.shape)];
  },
  minimum: (dy, [a, b]) => {
    const toA = binaryKernel('greaterEqual', b!, a!);
    return [() => sumTo(mul(dy, toA), a!.shape), () => sumTo(mul(dy, sub(1, toA)), b!.shape)];
  },
  neg: (dy) => [() => neg(dy)],
  abs: (dy, [x]) => [() => mul(dy, sign(x!))],
  square: (dy, [x]) => [() => mul(dy, mul(x!, 2))],
  exp: (dy, _, y) => [() => mul(dy, y)],
  log: (dy, [x]) => [() => div(dy, x!)],
  sqrt: (dy, _, y) => [() => div(dy, mul(y, 2))],
  relu: (dy, [x]) => [() => binaryKernel('reluGrad', dy, x!)],
  sigmoid: (dy, _, y) => [() => binaryKernel('sigmoidGrad', dy, y)],
  tanh: (dy, _, y) => [() => binaryKernel('tanhGrad', dy, y)],
  // dx = y (dy - sum(dy y)) along the axis.
  softmax: (dy, _, y, { axis }) => [() => mul(y, sub(dy, sum(mul(dy, y), axis, true)))],
  // dx = dy - softmax(x) sum(dy), and softmax(x) = exp(y).
  logSoftmax: (dy, _, y, { axis }) => [() => sub(dy, mul(exp(y), sum(dy, axis, true)))],
  sum: (dy, [x], _, { axes }) => [() => expandReduced(dy, x!, axes)],
  max: (dy, [x], y, { axes }) => [() => extremumGradient(dy, x!, y, axes)],
  min: (dy, [x], y, { axes }) => [() => extremumGradient(dy, x!, y, axes)],
  matMul: (dy, [a, b], _, { transposeA, transposeB }) => matMulGradients(dy, a!, b!, transposeA, transposeB),
  fusedMatMul: (dy, [a, b, bias], y, { transposeA, transposeB, activation }) => {
    const dz = activationGradient(dy, y, activation);
    return [...matMulGradients(dz, a!, b!, transposeA, transposeB), bias === undefined ? null : () => sumTo(dz, bias.shape)];
  },
  reshape: (dy, [x]) => [() => reshape(dy, x!.shape)],
  transpose: (dy, _, __, { perm }) => {
    const inverse = perm.slice();
    perm.forEach((p, i) => (inverse[p] = i));
    return [() => transpose(dy, inverse)];
  },
  broadcastTo: (dy, [x]) => [() => sumTo(dy, x!.shape)],
  slice: (dy, [x], _, { begin }) => [() => pad(dy, x!.shape.map((d, i) => [begin[i]!, d - begin[i]! - dy.shape[i]!]))],
  pad: (dy, [x], _, { before }) => [() => slice(dy, before, x!.shape)],
  concat: (dy, xs, _, { axis }) => {
    let offset = 0;
    return xs.map((x) => {
      const begin = x.shape.map((__, i) => (i === axis ? offset : 0));
      offset += x.shape[axis]!;
      return () => slice(dy, begin, x.shape);
    });
  },
  gather: (dy, [x], _, { indices, axis }) => [() => scatterAdd(dy, indices, axis, x!.shape[axis]!)],
  conv2d: (dy, [x, filter], _, { spec }) => [
    () => conv2dBackwardInput(dy, filter!, spec),
    () => conv2dBackwardFilter(x!, dy, spec),
  ],
  fusedConv2d: (dy, [x, filter, bias], y, { spec, activation }) => {
    const dz = activationGradient(dy, y, activation);
    return [
      () => conv2dBackwardInput(dz, filter!, spec),
      () => conv2dBackwardFilter(x!, dz, spec),
      bias === undefined ? null : () => sumTo(dz, bias.shape),
    ];
  },
  maxPool2d: (dy, [x], _, { spec }) => [() => pool2dBackward('max', dy, x!, spec)],
  avgPool2d: (dy, [x], _, { spec }) => [() => pool2dBackward('avg', dy, x!, spec)],
  // One backward kernel call gives every input's gradient; the first thunk that runs makes it.
  recurrence: (dy, inputs, y, attrs) => {
    let grads: Tensor[] | undefined;
    return inputs.map((_, k) => () => (grads ??= recurrenceGradients(dy, inputs, y, attrs))[k]!);
  },
};

/** Gradient through a fused activation, from its output y. reluGrad may take the output instead
 * of the input: relu(z) > 0 exactly where z > 0. */
function activationGradient(dy: Tensor, y: Tensor, activation: Activation): Tensor {
  return activation === 'linear' ? dy : binaryKernel(`${activation}Grad`, dy, y);
}

/**
 * For C = op(A) op(B): dA = dC Bᵀ and dB = Aᵀ dC, rearranged so that each stored operand's
 * gradient comes out in its stored layout without explicit transposes.
 */
function matMulGradients(dy: Tensor, a: Tensor, b: Tensor, transposeA: boolean, transposeB: boolean): (() => Tensor)[] {
  const da = transposeA ? () => matMul(b, dy, transposeB, true) : () => matMul(dy, b, false, !transposeB);
  const db = transposeB ? () => matMul(dy, a, true, transposeA) : () => matMul(a, dy, !transposeA, false);
  return [() => sumTo(da(), a.shape), () => sumTo(db(), b.shape)];
}
