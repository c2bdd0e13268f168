import type { WorkerReport } from './worker/reports.js';

/** A running embedded elastic job, for changing its membership by hand (tests, demos, operators). */
export interface ElasticJob {
  /** Starts one more worker thread; returns its member id. */
  addWorker(): string;
  /** Asks a worker to leave after the step it is in. */
  removeWorker(member: string): void;
  /** Terminates a worker thread wherever it is, as a crash would. */
  killWorker(member: string): Promise<void>;
  /** The worker threads running. */
  workers(): string[];
}

/** `fit(x, y, { workers, elastic })`: data-parallel training on worker threads that may come and go. */
export interface ElasticOptions {
  /** Below this many live workers training pauses until more join (default 1). */
  minWorkers?: number;
  /** Workers beyond this many wait as standbys (default: no limit). */
  maxWorkers?: number;
  /** A worker not heard from for this long is dropped (default 10 s: longer than any step). */
  leaseMs?: number;
  /** Membership changes arriving within this time make one generation (default 20 ms). */
  settleMs?: number;
  /** A collective waiting longer than this for a member fails (default 60 s). */
  collectiveTimeoutMs?: number;
  /**
   * A step's sum waiting longer than this for a member drops that member (a straggler) and redoes
   * the step without it; it rejoins as a newcomer. Default: 4x the slowest of the last 20 steps,
   * at least 1 s.
   */
  stepDeadlineMs?: number;
  /** Durable checkpoints: every `every` steps (default 100) and at each epoch end, the newest `keep` (default 3) kept. */
  checkpoint?: { dir: string; every?: number; keep?: number };
  /** Start from the latest checkpoint in `checkpoint.dir` (weights, optimizer state, step, seed). */
  resume?: boolean;
  /** Called once the job runs, with a handle to change its membership. */
  onStart?(job: ElasticJob): void;
  /** Called with every report of every worker (generations, steps, checkpoints, departures). */
  onReport?(report: WorkerReport): void;
}
