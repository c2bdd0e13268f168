/**
 * A replica process: loads models (on the best backend this process can run), then answers
 * `infer` messages one batch at a time, in arrival order. It exits when the server's channel
 * closes, so a server that dies leaves no replicas behind.
 */
import { setTimeout as sleep } from 'node:timers/promises';
// The public API, so every layer class a saved model may name is registered.
import { getBackend, loadLayersModel, tensor } from '../../index.js';
import type { LayersModel } from '../../index.js';
import type { FromReplica, ReplicaConfig, ToReplica } from './messages.js';
import type { ModelSignature, TensorSpec } from '../tensors/signature.js';
import type { SymbolicTensor } from '../../nn/symbolicTensor.js';

const config = JSON.parse(process.argv[2] ?? '{"delayMs":0}') as ReplicaConfig;
const models = new Map<string, LayersModel>();
const key = (model: string, version: number): string => `${model}@${version}`;

function send(message: FromReplica): void {
  process.send?.(message);
}

const spec = (t: SymbolicTensor): TensorSpec => ({ name: t.name, dtype: t.dtype, shape: t.shape });

async function load(model: string, version: number, dir: string): Promise<void> {
  try {
    const loaded = await loadLayersModel(dir);
    if (loaded.inputs.length !== 1 || loaded.outputs.length !== 1) {
      throw new Error(`serving takes models with one input and one output; this one has ${loaded.inputs.length} and ${loaded.outputs.length}`);
    }
    const signature: ModelSignature = { inputs: loaded.inputs.map(spec), outputs: loaded.outputs.map(spec) };
    models.set(key(model, version), loaded);
    send({ type: 'loaded', model, version, signature, backend: getBackend() });
  } catch (err) {
    send({ type: 'loadFailed', model, version, message: (err as Error).message });
  }
}

async function infer(message: Extract<ToReplica, { type: 'infer' }>): Promise<void> {
  const model = models.get(key(message.model, message.version));
  if (model === undefined) {
    send({ type: 'failed', id: message.id, message: `version ${message.version} of model '${message.model}' is not loaded in this replica` });
    return;
  }
  try {
    if (config.delayMs > 0) await sleep(config.delayMs);
    const { input } = message;
    const out = model.predict(tensor(input.data, input.shape, input.dtype), { batchSize: Math.max(1, input.shape[0] ?? 1) });
    send({ type: 'result', id: message.id, output: { dtype: out.dtype, shape: out.shape, data: out.dataSync() } });
  } catch (err) {
    send({ type: 'failed', id: message.id, message: `${(err as Error).name}: ${(err as Error).message}` });
  }
}

// Batches run one after another: a replica is one unit of compute, and the server's balancer
// counts on a replica that holds two batches taking about twice as long.
let work: Promise<void> = Promise.resolve();

process.on('message', (message: ToReplica) => {
  switch (message.type) {
    case 'ping':
      send({ type: 'pong', id: message.id });
      break;
    case 'unload':
      work = work.then(() => void models.delete(key(message.model, message.version)));
      break;
    case 'load':
      work = work.then(() => load(message.model, message.version, message.dir));
      break;
    case 'infer':
      work = work.then(() => infer(message));
      break;
  }
});
process.on('disconnect', () => process.exit(0));
