import type { WasmRuntime } from './runtime.js';
import type { KernelCall } from './threads.js';
import { split } from './threads.js';

/**
 * One matrix product on wasm memory, split over the threads: C (m x n, row stride ldc) =
 * A x B (+ C when `accumulate`), where element (i, p) of A is at a + 4 (i ars + p acs) and
 * (p, j) of B at b + 4 (p brs + j bcs). Wide products split by 16-column blocks, tall ones
 * by pairs of rows, so every thread runs whole 2x16 tiles.
 */
export interface GemmArgs {
  a: number; ars: number; acs: number;
  b: number; brs: number; bcs: number;
  c: number; ldc: number;
  m: number; n: number; k: number;
  accumulate: boolean;
}

/** Below this many multiply-adds per thread, waking a worker costs more than it saves. */
const WORK_PER_THREAD = 1 << 19;

export function gemm(rt: WasmRuntime, g: GemmArgs): void {
  const work = g.m * g.n * Math.max(g.k, 1);
  const parts = Math.max(1, Math.min(rt.threads.available(), Math.floor(work / WORK_PER_THREAD)));
  const call = (part: GemmArgs, thread: number): KernelCall => ({
    kernel: 'gemm',
    args: [part.a, part.ars, part.acs, part.b, part.brs, part.bcs, part.c, part.ldc, part.m, part.n, part.k, part.accumulate ? 1 : 0, rt.gemmScratch[thread]!],
  });
  if (parts === 1) {
    rt.threads.run([call(g, 0)]);
  } else if (g.n >= g.m) {
    rt.threads.run(split(g.n, parts, 16).map(([from, to], t) => call({ ...g, b: g.b + from * g.bcs * 4, c: g.c + from * 4, n: to - from }, t)));
  } else {
    rt.threads.run(split(g.m, parts, 2).map(([from, to], t) => call({ ...g, a: g.a + from * g.ars * 4, c: g.c + from * g.ldc * 4, m: to - from }, t)));
  }
}

/** Runs `kernel(first, count)` over `total` independent items (images) split across the threads. */
export function perItem(rt: WasmRuntime, total: number, work: number, kernel: (first: number, count: number) => KernelCall): void {
  const parts = Math.max(1, Math.min(rt.threads.available(), total, Math.floor(work / WORK_PER_THREAD)));
  rt.threads.run(split(total, parts, 1).map(([from, to]) => kernel(from, to - from)));
}
