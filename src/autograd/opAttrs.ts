import type { Activation, Conv2DSpec, Pool2DSpec, RecurrenceSpec } from '../backend/backend.js';

/** The differentiable ops: each name here has one entry in the gradient table, with these attributes. */
export interface OpAttrs {
  add: null;
  sub: null;
  mul: null;
  div: null;
  pow: null;
  maximum: null;
  minimum: null;
  neg: null;
  abs: null;
  square: null;
  exp: null;
  log: null;
  sqrt: null;
  relu: null;
  sigmoid: null;
  tanh: null;
  softmax: { axis: number };
  logSoftmax: { axis: number };
  sum: { axes: number[] };
  max: { axes: number[] };
  min: { axes: number[] };
  matMul: { transposeA: boolean; transposeB: boolean };
  fusedMatMul: { transposeA: boolean; transposeB: boolean; activation: Activation };
  reshape: null;
  transpose: { perm: number[] };
  broadcastTo: null;
  slice: { begin: number[] };
  pad: { before: number[]; after: number[] };
  concat: { axis: number };
  gather: { indices: Int32Array; axis: number };
  conv2d: { spec: Conv2DSpec };
  fusedConv2d: { spec: Conv2DSpec; activation: Activation };
  maxPool2d: { spec: Pool2DSpec };
  avgPool2d: { spec: Pool2DSpec };
  /** The masks are constants of the op; `reserve` is what the forward pass saved for the backward one. */
  recurrence: { spec: RecurrenceSpec; mask?: Float32Array; recurrentMask?: Float32Array; reserve: Float32Array };
}

export type OpName = keyof OpAttrs;
