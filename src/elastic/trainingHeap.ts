import { setFlagsFromString } from 'node:v8';

/**
 * The old generation, in MB, that V8 lets a training thread fill before its first full collection.
 *
 * Why: V8 shrinks a new isolate's first old-generation limit to a few MB above what it holds once
 * its young collections show that little survives. A worker's steps allocate fast and keep little,
 * so with V8's default each training thread ran a full mark-compact every two or three steps
 * (371 and 416 in 2,500 steps, `--trace-gc`), and the other worker waited for it at every
 * allreduce. Given an initial size, V8 keeps it until the first full collection and sizes the heap
 * from what is live after that: one mark-compact per thread in the same run, and 2 embedded workers
 * went from ~63k to ~100k samples/s (bench/RESULTS.md). Memory does not grow with it: V8 commits
 * pages as they are used, and the run's peak RSS did not change.
 */
export const INITIAL_OLD_GENERATION_MB = 64;

/**
 * Sets V8's initial old generation for the isolates created from now on in this process (worker
 * threads). V8 takes heap sizes only when an isolate starts, and Node's `resourceLimits` has no
 * initial size, so the process-wide flag is the one way; threads started before keep theirs.
 */
export function sizeTrainingHeaps(): void {
  setFlagsFromString(`--initial-old-space-size=${INITIAL_OLD_GENERATION_MB}`);
}
