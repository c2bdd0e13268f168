import { setFlagsFromString } from 'node:v8';

/**
 * The old generation, in MB, that V8 lets Tensile's compute isolates (training threads, serving
 * replicas) fill before their first full collection.
 *
 * Why: V8 shrinks a new isolate's first old-generation limit to a few MB above what it holds once
 * its young collections show that little survives. A training step or a replica's batch allocates
 * fast and keeps little, so with V8's default they ran a full mark-compact every few steps or
 * batches: each of 2 training threads 371-416 in 2,500 steps (`--trace-gc`), with its partner
 * waiting at every allreduce; each replica 16-38 every 6 s under load, with the requests of the
 * batch waiting. Given an initial size, V8 keeps it until the first full collection and sizes the
 * heap from what is live after that (one mark-compact per training thread in the same run).
 * Measured (interleaved runs, bench/RESULTS.md): 2 embedded workers ~63k -> ~100k samples/s;
 * `tensile serve` ~8,400-9,500 -> ~10,500-11,200 requests/s, p99 17-25 -> 12-15 ms. Memory does
 * not grow with it: V8 commits pages as they are used (the training run's peak RSS did not change).
 */
export const INITIAL_OLD_GENERATION_MB = 64;

const FLAG = '--initial-old-space-size';

/** Node's arguments for a child process (fork's execArgv) with that initial size, unless they set one. */
export function withInitialOldGeneration(execArgv: readonly string[]): string[] {
  return execArgv.some((a) => a.startsWith(FLAG)) ? [...execArgv] : [...execArgv, `${FLAG}=${INITIAL_OLD_GENERATION_MB}`];
}

/**
 * The same for the isolates created from now on in this process (worker threads). V8 takes heap
 * sizes only when an isolate starts and Node's `resourceLimits` has no initial size, so the
 * process-wide flag is the one way; threads started before keep theirs. A size given to node wins.
 */
export function sizeNewThreadHeaps(): void {
  if (!process.execArgv.some((a) => a.startsWith(FLAG))) setFlagsFromString(`${FLAG}=${INITIAL_OLD_GENERATION_MB}`);
}
