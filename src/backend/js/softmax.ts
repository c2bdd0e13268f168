import type { SoftmaxDims } from '../backend.js';

/**
 * Softmax and log-softmax over the middle axis of `[outer, axis, inner]`, shifted by the
 * maximum so large logits cannot overflow `exp`.
 */
function softmaxLike(x: Float32Array, { outer, axis, inner }: SoftmaxDims, log: boolean): Float32Array {
  const out = new Float32Array(x.length);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = o * axis * inner + i;
      let max = -Infinity;
      for (let d = 0; d < axis; d++) max = Math.max(max, x[base + d * inner]!);
      let sum = 0;
      for (let d = 0; d < axis; d++) sum += Math.exp(x[base + d * inner]! - max);
      const logSum = Math.log(sum);
      for (let d = 0; d < axis; d++) {
        const shifted = x[base + d * inner]! - max;
        out[base + d * inner] = log ? shifted - logSum : Math.exp(shifted) / sum;
      }
    }
  }
  return out;
}

export const softmax = (x: Float32Array, dims: SoftmaxDims): Float32Array => softmaxLike(x, dims, false);
export const logSoftmax = (x: Float32Array, dims: SoftmaxDims): Float32Array => softmaxLike(x, dims, true);
