import type { MatMulSpec } from '../backend.js';
import { applyEpilogue } from './epilogue.js';
import { gemm } from './gemm.js';

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
  return applyEpilogue(out, n, spec);
}
