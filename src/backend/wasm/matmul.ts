import type { Backend, MatMulSpec } from '../backend.js';
import { jsBackend } from '../js/index.js';
import { ACTIVATION } from './codes.js';
import { gemm } from './gemm.js';
import type { WasmRuntime } from './runtime.js';

export function wasmMatmul(rt: WasmRuntime): Backend['matmul'] {
  return (a: Float32Array, b: Float32Array, spec: MatMulSpec): Float32Array => {
    const { batch, m, n, k, transposeA, transposeB } = spec;
    if (batch * m * n === 0) return jsBackend.matmul(a, b, spec);
    const { arena, kernels } = rt;
    arena.reset();
    const pa = arena.put(a), pb = arena.put(b);
    const pc = arena.alloc(batch * m * n * 4);
    for (let i = 0; i < batch; i++) {
      gemm(rt, {
        a: pa + i * spec.aBatchStride * 4, ars: transposeA ? 1 : k, acs: transposeA ? m : 1,
        b: pb + i * spec.bBatchStride * 4, brs: transposeB ? 1 : n, bcs: transposeB ? k : 1,
        c: pc + i * m * n * 4, ldc: n, m, n, k, accumulate: false,
      });
    }
    const activation = ACTIVATION[spec.activation ?? 'linear'];
    if (spec.bias !== undefined || activation !== 0) {
      kernels.biasActivation(pc, batch * m, n, spec.bias === undefined ? 0 : arena.put(spec.bias), activation);
    }
    return arena.take(pc, batch * m * n);
  };
}
