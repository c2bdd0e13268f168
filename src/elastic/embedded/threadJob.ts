import type { MessagePort } from 'node:worker_threads';
import type { ModelJson } from '../../io/tfjs/modelJson.js';
import type { FitPlan } from '../../nn/model/training.js';
import type { TypedArray } from '../../tensor/dtype.js';

/** A tensor whose values live in shared memory, so every worker thread reads the one copy. */
export interface SharedTensor {
  values: TypedArray;
  shape: number[];
}

/** What the host hands each worker thread (its workerData). */
export interface ThreadJob {
  member: string;
  /** The model to train, compiled, with its optimizer state: model.json and the weights file's bytes. */
  model: { json: ModelJson; data: Uint8Array };
  x: SharedTensor;
  y: SharedTensor;
  plan: Omit<FitPlan, 'x' | 'y' | 'validation'>;
  /** The step training starts at (past 0 when resuming from a checkpoint). */
  start: number;
  leaseMs: number;
  pollMs: number;
  collectiveTimeoutMs: number;
  /** See ElasticOptions.stepDeadlineMs; undefined: derived from recent steps. */
  stepDeadlineMs: number | undefined;
  predictions: boolean;
  /** Threads for this worker's kernels: the cores shared out among the workers asked for, so they do not oversubscribe them. */
  threads: number;
  checkpoint: { dir: string; every: number; keep: number; job: string } | undefined;
  /** The thread's end of its channel to the host's store and groups. */
  port: MessagePort;
}

/** Messages from the host to a worker thread. */
export type HostMessage = { type: 'leave' };
