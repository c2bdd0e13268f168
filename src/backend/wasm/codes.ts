import type { Activation, PoolOp, ReduceOp } from '../backend.js';

/** Codes of wasm/assembly's kernels (unary and binary ops are their positions in UNARY_OPS / BINARY_OPS). */
export const ACTIVATION: Record<Activation, number> = { linear: 0, relu: 1, sigmoid: 2, tanh: 3 };
export const REDUCE: Record<ReduceOp, number> = { sum: 0, max: 1, min: 2 };
export const POOL: Record<PoolOp, number> = { max: 0, avg: 1 };
