/** What each side of the elastic benchmarks measures, in the same shapes for Tensile and torchrun. */

/** Tensile's embedded mode (worker threads), `tensile worker` processes (Redis, Gloo), and the PyTorch peer. */
export const SIDES = ['threads', 'processes', 'torchrun'] as const;
export type Side = (typeof SIDES)[number];
export const SCENARIOS = ['throughput', 'kill', 'join', 'hang'] as const;
export type Scenario = (typeof SCENARIOS)[number];

/** Samples per second of the MLP at global batch 512, and the threads each worker computed with. */
export interface Throughput {
  rate: number;
  threads: number;
}

/** One worker of 3 SIGKILLed, several times. */
export interface Recovery {
  /** ms from each kill to the next committed step. */
  ms: number[];
  /** Surviving worker processes that were restarted, over all kills. */
  survivorsRestarted: number;
  survivors: number;
  /** Per kill, how many already committed steps were computed again. */
  redone: number[];
  note: string;
}

/** A worker added to a running job of 2. */
export interface Joining {
  /** ms from starting the new worker's process to its first step. */
  fromStartMs: number;
  /** Steps the job committed between the new worker's start and its first step. */
  steps: number;
  /** From the new worker's registering with the job (its process or thread is up) to its first step, where that is visible. */
  fromJoinedMs?: number;
  stepsFromJoined?: number;
  /** Running workers that were restarted for it. */
  restarted: number;
  note: string;
}

/** One worker of 3 stopped (SIGSTOP: alive, silent, no crash report). */
export interface Hang {
  /** ms from the stop to the next committed step; undefined if none came within `capMs`. */
  ms: number | undefined;
  capMs: number;
  note: string;
}
