import type { Activation, MatMulSpec } from '../backend.js';
import { UNARY } from './elementwise.js';
import { gemm } from './gemm.js';

const ACTIVATIONS: Record<Activation, ((x: number) => number) | undefined> = {
  linear: undefined,
  relu: UNARY.relu,
  sigmoid: UNARY.sigmoid,
  tanh: UNARY.tanh,
};

export function matmul(a: Float32Array, b: Float32Array, spec: MatMulSpec): Float32Array {
  const { batch, m, n, k } = spec;
  const out = new Float32Array(batch * m * n);
  for (let i = 0; i < batch; i++) {
    gemm(
      { data: a, offset: i * spec.aBatchStride, transposed: spec.transposeA },
      { data: b, offset: i * spec.bBatchStride, transposed: spec.transposeB },
      out, i * m * n, m, n, k, false,
    );
  }
  const bias = spec.bias;
  if (bias !== undefined) {
    for (let r = 0; r < batch * m; r++) for (let j = 0; j < n; j++) out[r * n + j]! += bias[j]!;
  }
  const act = ACTIVATIONS[spec.activation ?? 'linear'];
  if (act !== undefined) for (let i = 0; i < out.length; i++) out[i] = act(out[i]!);
  return out;
}
