import { Arena } from './arena.js';
import type { WasmKernels } from './kernels.js';
import type { Threads } from './threads.js';

/** What every wasm kernel wrapper works with: the compiled kernels, their memory and the threads. */
export interface WasmRuntime {
  kernels: WasmKernels;
  arena: Arena;
  threads: Threads;
  /** The GEMM packing buffers, one per thread, allocated once. */
  gemmScratch: readonly number[];
}

export function createRuntime(kernels: WasmKernels, memory: WebAssembly.Memory, threads: Threads, threadCount: number): WasmRuntime {
  const arena = new Arena(memory, kernels.heapBase());
  const gemmScratch = Array.from({ length: threadCount }, () => arena.permanent(kernels.gemmScratchBytes()));
  return { kernels, arena, threads, gemmScratch };
}
