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

export const headerInts = (workers: number): number => WORKERS_AT + 2 * workers;
/** The slots follow the header, 8-byte aligned. */
export const slotsByteOffset = (workers: number): number => Math.ceil((headerInts(workers) * 4) / 8) * 8;

export function controlOf(buffer: SharedArrayBuffer, workers: number): Control {
  return {
    header: new Int32Array(buffer, 0, headerInts(workers)),
    slots: new Float64Array(buffer, slotsByteOffset(workers), workers * SLOT),
  };
}

export const controlBytes = (workers: number): number => slotsByteOffset(workers) + workers * SLOT * 8;
