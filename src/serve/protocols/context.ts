import type { ModelRegistry, ServedModel } from '../repository/modelRegistry.js';
import type { HostTensor } from '../tensors/hostTensor.js';
import type { JsonTensor } from '../tensors/jsonTensor.js';

/** What the protocol routes need from the server. */
export interface ProtocolContext {
  readonly registry: ModelRegistry;
  /** True when a replica can take requests. */
  ready(): boolean;
  /** Runs one request's batch on a model, within the server's request timeout (JsonRefusedError: see json/readJsonTensor.ts). */
  infer(name: string, version: string | undefined, input: HostTensor | JsonTensor): Promise<{ model: ServedModel; output: HostTensor }>;
}
