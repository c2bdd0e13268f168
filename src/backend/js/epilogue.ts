import type { Activation, Epilogue } from '../backend.js';
import { UNARY } from './elementwise.js';

const ACTIVATIONS: Record<Activation, ((x: number) => number) | undefined> = {
  linear: undefined,
  relu: UNARY.relu,
  sigmoid: UNARY.sigmoid,
  tanh: UNARY.tanh,
};

/** `out = act(out + bias)` in place, `bias` repeating every `n` elements (rows of a matmul, pixels of NHWC). */
export function applyEpilogue(out: Float32Array, n: number, { bias, activation }: Epilogue): Float32Array {
  if (bias !== undefined) {
    for (let r = 0; r < out.length; r += n) for (let j = 0; j < n; j++) out[r + j]! += bias[j]!;
  }
  const act = ACTIVATIONS[activation ?? 'linear'];
  if (act !== undefined) for (let i = 0; i < out.length; i++) out[i] = act(out[i]!);
  return out;
}
