import { ArgumentError } from '../errors.js';
import type { AutoscalePolicy } from './autoscaler/scalingPolicy.js';
import { AUTOSCALE_POLICIES } from './autoscaler/scalingPolicy.js';
import type { BalancerPolicy } from './balancer/balancer.js';
import { BALANCER_POLICIES } from './balancer/balancer.js';
import type { ModelSource } from './repository/modelSource.js';

/** `tl.serve.start(options)`; every field but `models` has a default. */
export interface ServeOptions {
  /** `DIR`, `NAME=DIR` or `{name, dir}`; DIR holds versions 1, 2, ... (or one model.json). */
  models: readonly (string | ModelSource)[];
  /** 8501 as TF Serving; 0 picks a free port (see the handle's `port`). */
  port?: number;
  host?: string;
  /** Replicas at start (default 2, or minReplicas when autoscaling). */
  replicas?: number;
  minReplicas?: number;
  maxReplicas?: number;
  policy?: BalancerPolicy;
  /** Weights by replica slot for the `weighted` policy; slots without one use measured capacity. */
  weights?: readonly number[];
  maxBatch?: number;
  batchDelayMs?: number;
  /** Requests that may wait per model before 429s. */
  maxQueue?: number;
  autoscale?: AutoscalePolicy;
  /** Autoscaling interval. */
  autoscaleIntervalMs?: number;
  /** Requests in flight per replica the autoscaler aims at. */
  targetInFlight?: number;
  scaleUpAfterMs?: number;
  scaleDownAfterMs?: number;
  apiKey?: string;
  requestTimeoutMs?: number;
  batchTimeoutMs?: number;
  healthIntervalMs?: number;
  healthTimeoutMs?: number;
  /** A replica that has not loaded its models within this is killed and replaced. */
  startTimeoutMs?: number;
  /** How often model directories are checked for new versions; 0 turns hot reload off. */
  reloadIntervalMs?: number;
  bodyLimitBytes?: number;
  /** Artificial delay per batch, by replica slot: replicas made slow on purpose (tests, benchmarks). */
  replicaDelayMs?: readonly number[];
  log?: (line: string) => void;
}

export type ResolvedOptions = Required<Omit<ServeOptions, 'autoscale' | 'apiKey'>> & Pick<ServeOptions, 'autoscale' | 'apiKey'>;

function check(name: string, value: number, ok: boolean, expected: string): number {
  if (!ok || !Number.isFinite(value)) throw new ArgumentError(`serve: ${name} must be ${expected}, found ${value}`);
  return value;
}

const int = (name: string, v: number, min: number): number => check(name, v, Number.isInteger(v) && v >= min, `an integer >= ${min}`);

/** Fills in defaults and checks every option, naming the one that is wrong. */
export function resolveOptions(o: ServeOptions): ResolvedOptions {
  if (!Array.isArray(o.models) || o.models.length === 0) throw new ArgumentError('serve: expected at least one model (DIR or NAME=DIR)');
  const policy = o.policy ?? 'power-of-two';
  if (!BALANCER_POLICIES.includes(policy)) throw new ArgumentError(`serve: policy must be one of ${BALANCER_POLICIES.join(', ')}, found '${policy}'`);
  if (o.autoscale !== undefined && !AUTOSCALE_POLICIES.includes(o.autoscale)) {
    throw new ArgumentError(`serve: autoscale must be one of ${AUTOSCALE_POLICIES.join(', ')}, found '${o.autoscale}'`);
  }
  const minReplicas = int('minReplicas', o.minReplicas ?? 1, 1);
  const maxReplicas = int('maxReplicas', o.maxReplicas ?? Math.max(4, o.replicas ?? 0), minReplicas);
  const replicas = int('replicas', o.replicas ?? (o.autoscale === undefined ? 2 : minReplicas), 1);
  if (replicas < minReplicas || replicas > maxReplicas) {
    throw new ArgumentError(`serve: replicas (${replicas}) must be within minReplicas (${minReplicas}) and maxReplicas (${maxReplicas})`);
  }
  const weights = o.weights ?? [];
  weights.forEach((w, i) => check(`weights[${i}]`, w, w >= 0, 'a number >= 0'));
  const delays = o.replicaDelayMs ?? [];
  delays.forEach((d, i) => check(`replicaDelayMs[${i}]`, d, d >= 0, 'a number >= 0'));
  if (o.apiKey !== undefined && o.apiKey.trim() === '') throw new ArgumentError('serve: the API key is empty');
  return {
    models: o.models,
    port: int('port', o.port ?? 8501, 0),
    host: o.host ?? '0.0.0.0',
    replicas, minReplicas, maxReplicas, policy, weights,
    maxBatch: int('maxBatch', o.maxBatch ?? 64, 1),
    batchDelayMs: check('batchDelayMs', o.batchDelayMs ?? 2, (o.batchDelayMs ?? 2) >= 0, 'a number >= 0'),
    maxQueue: int('maxQueue', o.maxQueue ?? 1024, 1),
    autoscale: o.autoscale,
    autoscaleIntervalMs: int('autoscaleIntervalMs', o.autoscaleIntervalMs ?? 1000, 10),
    targetInFlight: check('targetInFlight', o.targetInFlight ?? 8, (o.targetInFlight ?? 8) > 0, 'a number > 0'),
    scaleUpAfterMs: int('scaleUpAfterMs', o.scaleUpAfterMs ?? 2000, 0),
    scaleDownAfterMs: int('scaleDownAfterMs', o.scaleDownAfterMs ?? 10000, 0),
    apiKey: o.apiKey?.trim(),
    requestTimeoutMs: int('requestTimeoutMs', o.requestTimeoutMs ?? 30000, 1),
    batchTimeoutMs: int('batchTimeoutMs', o.batchTimeoutMs ?? 10000, 1),
    healthIntervalMs: int('healthIntervalMs', o.healthIntervalMs ?? 1000, 10),
    healthTimeoutMs: int('healthTimeoutMs', o.healthTimeoutMs ?? 5000, 1),
    startTimeoutMs: int('startTimeoutMs', o.startTimeoutMs ?? 120_000, 1),
    reloadIntervalMs: int('reloadIntervalMs', o.reloadIntervalMs ?? 2000, 0),
    bodyLimitBytes: int('bodyLimitBytes', o.bodyLimitBytes ?? 32 * 1024 * 1024, 1),
    replicaDelayMs: delays,
    log: o.log ?? ((line: string) => console.error(`tensile serve: ${line}`)),
  };
}
