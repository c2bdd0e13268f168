import type { KernelName, WasmKernels } from './kernels.js';

/** One kernel invocation, its arguments as the kernel takes them (addresses and sizes). */
export interface KernelCall {
  kernel: KernelName;
  args: readonly number[];
}

/**
 * Runs kernel calls side by side on threads that share the kernels' memory. The first call runs
 * on the calling thread; `run` returns when all have finished.
 */
export interface Threads {
  /** How many calls `run` can take now (the calling thread plus the workers that are up). */
  available(): number;
  run(calls: readonly KernelCall[]): void;
}

export function invoke(kernels: WasmKernels, call: KernelCall): void {
  (kernels[call.kernel] as (...args: readonly number[]) => void)(...call.args);
}

/** The calling thread alone: browsers (whose main thread may not block) and TENSILE_NUM_THREADS=1. */
export function singleThread(kernels: WasmKernels): Threads {
  return {
    available: () => 1,
    run(calls) {
      for (const call of calls) invoke(kernels, call);
    },
  };
}

/** `[from, to)` ranges splitting `total` into `parts` nearly equal runs, each a multiple of `unit` but the last. */
export function split(total: number, parts: number, unit: number): [number, number][] {
  const units = Math.ceil(total / unit);
  const ranges: [number, number][] = [];
  for (let p = 0; p < parts; p++) {
    const from = Math.min(total, Math.floor((units * p) / parts) * unit);
    const to = Math.min(total, Math.floor((units * (p + 1)) / parts) * unit);
    if (to > from) ranges.push([from, to]);
  }
  return ranges;
}
