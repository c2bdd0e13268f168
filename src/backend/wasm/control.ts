/**
 * The block of shared int32s through which the main thread hands calls to worker threads and
 * learns they are done (Atomics wait/notify; no messages, so a call costs microseconds).
 *
 * header: GENERATION (bumped per `run`), REMAINING (worker calls not finished), FAILURES, then
 * per worker a ready flag (set once it has instantiated the module) and the generation its slot
 * was last filled for. Each worker's slot holds a kernel index and its arguments as float64.
 */
export const GENERATION = 0;
export const REMAINING = 1;
export const FAILURES = 2;
const WORKERS_AT = 3;
/** A kernel index plus up to 15 arguments (gemm has 13). */
export const SLOT = 16;

export interface Control {
  header: Int32Array;
  slots: Float64Array;
}

export const readyFlag = (worker: number): number => WORKERS_AT + 2 * worker;
export const slotGeneration = (worker: number): number => WORKERS_AT + 2 * worker + 1;

const headerInts = (workers: number): number => WORKERS_AT + 2 * workers;

export function controlBytes(workers: number): number {
  return Math.ceil((headerInts(workers) * 4) / 8) * 8 + workers * SLOT * 8;
}

export function controlOf(buffer: SharedArrayBuffer, workers: number): Control {
  const ints = headerInts(workers);
  return {
    header: new Int32Array(buffer, 0, ints),
    slots: new Float64Array(buffer, Math.ceil((ints * 4) / 8) * 8, workers * SLOT),
  };
}
