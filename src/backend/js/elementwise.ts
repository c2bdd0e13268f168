import type { BinaryOp, UnaryOp } from '../backend.js';
import type { DType, TypedArray } from '../../tensor/dtype.js';
import { allocate, dtypeOf } from '../../tensor/dtype.js';
import type { Shape } from '../../tensor/shape.js';
import { sameShape, sizeOf } from '../../tensor/shape.js';
import { broadcastStrides, forEachRow } from './strided.js';

type Fn1 = (x: number) => number;
type Fn2 = (a: number, b: number) => number;

const sigmoid: Fn1 = (x) => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)));

export const UNARY: Record<UnaryOp, Fn1> = {
  neg: (x) => -x,
  abs: Math.abs,
  sign: Math.sign,
  square: (x) => x * x,
  exp: Math.exp,
  log: Math.log,
  sqrt: Math.sqrt,
  relu: (x) => (x > 0 ? x : 0),
  sigmoid,
  tanh: Math.tanh,
};

const BINARY: Record<BinaryOp, Fn2> = {
  add: (a, b) => a + b,
  sub: (a, b) => a - b,
  mul: (a, b) => a * b,
  div: (a, b) => a / b,
  pow: Math.pow,
  maximum: (a, b) => (a >= b || Number.isNaN(a) ? a : b),
  minimum: (a, b) => (a <= b || Number.isNaN(a) ? a : b),
  equal: (a, b) => (a === b ? 1 : 0),
  greater: (a, b) => (a > b ? 1 : 0),
  greaterEqual: (a, b) => (a >= b ? 1 : 0),
  reluGrad: (dy, x) => (x > 0 ? dy : 0),
  sigmoidGrad: (dy, y) => dy * y * (1 - y),
  tanhGrad: (dy, y) => dy * (1 - y * y),
};

export function unary(op: UnaryOp, x: TypedArray): TypedArray {
  const f = UNARY[op];
  const out = allocate(dtypeOf(x), x.length);
  for (let i = 0; i < x.length; i++) out[i] = f(x[i]!);
  return out;
}

export function binary(op: BinaryOp, a: TypedArray, aShape: Shape, b: TypedArray, bShape: Shape, outShape: Shape): TypedArray {
  const f = BINARY[op];
  const out = allocate(dtypeOf(a), sizeOf(outShape));
  if (sameShape(aShape, bShape)) {
    for (let i = 0; i < out.length; i++) out[i] = f(a[i]!, b[i]!);
  } else if (b.length === 1) {
    // A one-element operand broadcasts against the other, which then has the output's size.
    const bv = b[0]!;
    for (let i = 0; i < out.length; i++) out[i] = f(a[i]!, bv);
  } else if (a.length === 1) {
    const av = a[0]!;
    for (let i = 0; i < out.length; i++) out[i] = f(av, b[i]!);
  } else {
    const strides = [broadcastStrides(aShape, outShape), broadcastStrides(bShape, outShape)];
    forEachRow(outShape, strides, (start, count, [ao, bo], [as, bs]) => {
      for (let j = 0; j < count; j++) out[start + j] = f(a[ao! + j * as!]!, b[bo! + j * bs!]!);
    });
  }
  return out;
}

export function cast(x: TypedArray, dtype: DType): TypedArray {
  if (dtype === 'float32') return Float32Array.from(x);
  // Truncation toward zero, as TF.js and NumPy do when casting float to int.
  const out = new Int32Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = Math.trunc(x[i]!);
  return out;
}
