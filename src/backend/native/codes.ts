import type { Activation, BinaryOp, PoolOp, RecurrentActivation, RecurrentCell, ReduceOp, UnaryOp } from '../backend.js';

/** Op codes of the addon's functions (the tables at the top of native/src/*.cc, same order). */

export const ACTIVATION: Record<Activation, number> = { linear: 0, relu: 1, sigmoid: 2, tanh: 3 };

/**
 * Unary ops run as oneDNN eltwise primitives. Left on the js kernel: `sign` (no algorithm) and
 * `log` (oneDNN's approximation is off by ~3e-4 relative near 1, beyond the 1e-4 contract).
 */
export const UNARY: Partial<Record<UnaryOp, number>> = {
  neg: 0, abs: 1, square: 2, exp: 3, sqrt: 4, relu: 5, sigmoid: 6, tanh: 7,
};

/** Activation backward passes, run as oneDNN eltwise backward primitives. */
export const UNARY_BACKWARD: Partial<Record<BinaryOp, number>> = { reluGrad: 0, sigmoidGrad: 1, tanhGrad: 2 };

/**
 * oneDNN binary algorithms. Left on the js kernel: `pow` (no algorithm) and `maximum` /
 * `minimum` (oneDNN's drop a NaN operand; Tensile propagates it).
 */
export const BINARY: Partial<Record<BinaryOp | 'less' | 'lessEqual', number>> = {
  add: 0, sub: 1, mul: 2, div: 3, equal: 4, greater: 5, greaterEqual: 6, less: 7, lessEqual: 8,
};

/** The op that gives the same result with the operands swapped, for when `a` is the one broadcast. */
export const SWAPPED: Partial<Record<BinaryOp, BinaryOp | 'less' | 'lessEqual'>> = {
  add: 'add', mul: 'mul', equal: 'equal', greater: 'less', greaterEqual: 'lessEqual',
};

export const REDUCE: Record<ReduceOp, number> = { sum: 0, max: 1, min: 2 };

export const POOL: Record<PoolOp, number> = { max: 0, avg: 1 };

/** native/src/recurrence.cc's codes. */
export const RECURRENT_CELL: Record<RecurrentCell, number> = { simpleRNN: 0, lstm: 1, gru: 2, gruResetAfter: 3 };
export const RECURRENT_ACTIVATION: Record<RecurrentActivation, number> = { linear: 0, relu: 1, sigmoid: 2, tanh: 3, hardSigmoid: 4 };
