import type { ModelRegistry, ServedModel } from '../repository/modelRegistry.js';
import type { HostTensor } from '../tensors/hostTensor.js';

/** What the protocol routes need from the server. */
export interface ProtocolContext {
  readonly registry: ModelRegistry;
  /** True when a replica can take requests. */
  ready(): boolean;
  /** Runs one request's batch on a model, within the server's request timeout. */
  infer(name: string, version: string | undefined, input: HostTensor): Promise<{ model: ServedModel; output: HostTensor }>;
}
