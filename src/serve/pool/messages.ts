import type { HostTensor } from '../tensors/hostTensor.js';
import type { ModelSignature } from '../tensors/signature.js';

/** What the server asks of a replica process (over its IPC channel, structured clone). */
export type ToReplica =
  | { type: 'load'; model: string; version: number; dir: string }
  | { type: 'unload'; model: string; version: number }
  | { type: 'infer'; id: number; model: string; version: number; input: HostTensor }
  | { type: 'ping'; id: number };

/** What a replica answers. */
export type FromReplica =
  | { type: 'loaded'; model: string; version: number; signature: ModelSignature; backend: string }
  | { type: 'loadFailed'; model: string; version: number; message: string }
  | { type: 'result'; id: number; output: HostTensor }
  | { type: 'failed'; id: number; message: string }
  | { type: 'pong'; id: number };

/** How a replica process is set up: the first command-line argument, as JSON. */
export interface ReplicaConfig {
  /** Added to every batch's time, to make a replica slow on purpose (balancer tests and benchmarks). */
  delayMs: number;
}
