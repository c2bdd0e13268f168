import type { AdamResult, AdamSpec, Backend } from '../backend.js';
import type { WasmRuntime } from './runtime.js';

export function wasmAdam(rt: WasmRuntime): Backend['adam'] {
  const { arena, kernels } = rt;
  return (param: Float32Array, grad: Float32Array, m: Float32Array, v: Float32Array, s: AdamSpec): AdamResult => {
    const n = param.length;
    arena.reset();
    const inputs = [param, grad, m, v].map((x) => arena.put(x)) as [number, number, number, number];
    const outParam = arena.alloc(n * 4), outM = arena.alloc(n * 4), outV = arena.alloc(n * 4);
    kernels.adam(...inputs, outParam, outM, outV, n, s.alpha, s.beta1, s.beta2, s.epsilon);
    return { param: arena.take(outParam, n), m: arena.take(outM, n), v: arena.take(outV, n) };
  };
}
