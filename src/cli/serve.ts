import { readFileSync } from 'node:fs';
import { siblingModule, spawnThread } from '../elastic/embedded/spawnThread.js';
import { IOError, TensileError } from '../errors.js';
import { AUTOSCALE_POLICIES } from '../serve/autoscaler/scalingPolicy.js';
import type { AutoscalePolicy } from '../serve/autoscaler/scalingPolicy.js';
import { BALANCER_POLICIES } from '../serve/balancer/balancer.js';
import type { BalancerPolicy } from '../serve/balancer/balancer.js';
import type { ServeOptions } from '../serve/index.js';
import { YOUNG_GENERATION_MB } from '../serve/youngGeneration.js';
import { numberOption, parseCommand, positiveInteger } from './args.js';
import { rebuildThreadError } from './threadError.js';
import type { ThreadError } from './threadError.js';
import { UsageError } from './usage.js';

const OPTIONS = {
  port: { type: 'string' },
  host: { type: 'string' },
  replicas: { type: 'string' },
  'min-replicas': { type: 'string' },
  'max-replicas': { type: 'string' },
  policy: { type: 'string' },
  weights: { type: 'string' },
  'max-batch': { type: 'string' },
  'batch-delay-ms': { type: 'string' },
  autoscale: { type: 'string' },
  'api-key-file': { type: 'string' },
} as const;

function oneOf<T extends string>(name: string, value: string | undefined, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) throw new UsageError(`--${name} must be ${allowed.join(', ')}, found '${value}'`);
  return value as T;
}

function readApiKey(path: string): string {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch (err) {
    throw new IOError(`serve: cannot read --api-key-file ${path}: ${(err as Error).message}`);
  }
}

/** Resolves when SIGINT or SIGTERM arrives. */
const shutdownSignal = (): Promise<string> => new Promise((resolve) => {
  const on = (signal: string): void => {
    process.off('SIGINT', on);
    process.off('SIGTERM', on);
    resolve(signal);
  };
  process.on('SIGINT', on);
  process.on('SIGTERM', on);
});

/** What the server thread posts once it has started, or failed to. */
type Started = { url: string; models: string[] } | { failed: ThreadError };

interface ServerThread {
  url: string;
  models: string[];
  /** Settles with why when the thread stops (before close(): an uncaught error in it). */
  died: Promise<string>;
  close(): Promise<void>;
}

/**
 * The server in a worker thread whose young generation fits a server's traffic
 * (serve/youngGeneration.ts: without it V8 ran a full collection every ~150 ms under load); the
 * CLI's own thread only waits for a signal.
 */
async function startInThread(options: ServeOptions): Promise<ServerThread> {
  const thread = spawnThread(siblingModule(import.meta.url, 'serveThread'), { workerData: options, resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB } });
  let failure = 'the server thread stopped';
  thread.on('error', (err) => (failure = `the server thread failed: ${err.message}`));
  // Not events.once: it rejects on 'error', and an error is reported through `failure` instead.
  const exited = new Promise<void>((resolve) => thread.once('exit', () => resolve()));
  const started = await Promise.race([
    new Promise<Started>((resolve) => thread.once('message', resolve)),
    exited.then((): Started => ({ failed: { name: 'Error', message: failure, typed: true } })),
  ]);
  if ('failed' in started) throw rebuildThreadError(started.failed);
  return {
    ...started,
    died: exited.then(() => failure),
    close: async () => {
      thread.postMessage('close');
      await exited;
    },
  };
}

/** `tensile serve MODEL_DIR|NAME=DIR...`: the inference server, until SIGINT or SIGTERM. */
export async function serve(argv: string[], write: (line: string) => void): Promise<void> {
  const { values, positionals } = parseCommand(argv, OPTIONS, Infinity);
  if (positionals.length === 0) throw new UsageError('serve needs at least one MODEL_DIR or NAME=DIR');
  const weights = values.weights?.split(',').map((w) => numberOption('weights', w, 0, (v) => v >= 0, 'comma-separated numbers >= 0'));
  const autoscale = oneOf<AutoscalePolicy>('autoscale', values.autoscale, AUTOSCALE_POLICIES);
  const replicaCount = (name: 'replicas' | 'min-replicas' | 'max-replicas'): number | undefined =>
    values[name] === undefined ? undefined : numberOption(name, values[name], 1, positiveInteger, 'a positive integer');
  const server = await startInThread({
    models: positionals,
    port: numberOption('port', values.port, 8501, (v) => Number.isInteger(v) && v >= 0 && v < 65536, 'a port number'),
    ...(values.host === undefined ? {} : { host: values.host }),
    ...(replicaCount('replicas') === undefined ? {} : { replicas: replicaCount('replicas') }),
    ...(replicaCount('min-replicas') === undefined ? {} : { minReplicas: replicaCount('min-replicas') }),
    ...(replicaCount('max-replicas') === undefined ? {} : { maxReplicas: replicaCount('max-replicas') }),
    ...(values.policy === undefined ? {} : { policy: oneOf<BalancerPolicy>('policy', values.policy, BALANCER_POLICIES) }),
    ...(weights === undefined ? {} : { weights }),
    maxBatch: numberOption('max-batch', values['max-batch'], 64, positiveInteger, 'a positive integer'),
    batchDelayMs: numberOption('batch-delay-ms', values['batch-delay-ms'], 2, (v) => v >= 0, 'a number of ms >= 0'),
    ...(autoscale === undefined ? {} : { autoscale }),
    ...(values['api-key-file'] === undefined ? {} : { apiKey: readApiKey(values['api-key-file']) }),
  });
  write(`serving ${server.models.join(', ')} on ${server.url} (TF Serving: /v1/models/NAME:predict, KServe v2: /v2/models/NAME/infer, metrics: /metrics)`);
  const ended = await Promise.race([shutdownSignal().then((signal) => ({ signal })), server.died.then((reason) => ({ reason }))]);
  if ('reason' in ended) throw new TensileError(`serve: ${ended.reason}`);
  write(`${ended.signal}: finishing requests in flight and stopping the replicas`);
  await server.close();
}
