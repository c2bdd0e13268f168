import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { ArgumentError } from '../errors.js';
import { Autoscaler } from './autoscaler/autoscaler.js';
import { LoadMeter } from './autoscaler/loadMeter.js';
import { PredictiveScaling } from './autoscaler/predictive.js';
import { RuleScaling } from './autoscaler/rule.js';
import type { ScalingPolicy } from './autoscaler/scalingPolicy.js';
import { createBalancer } from './balancer/index.js';
import { withDeadline } from './http/deadline.js';
import { createHttpServer } from './http/server.js';
import { ServeMetrics } from './metrics.js';
import { ModelRegistry } from './repository/modelRegistry.js';
import { parseModelSource } from './repository/modelSource.js';
import type { ResolvedOptions, ServeOptions } from './options.js';
import { resolveOptions } from './options.js';
import { ReplicaPool } from './pool/replicaPool.js';
import type { ProtocolContext } from './protocols/context.js';

/** A running server. */
export interface ServeHandle {
  /** `http://host:port`, with the port actually bound. */
  readonly url: string;
  readonly port: number;
  /** Served model names. */
  readonly models: readonly string[];
  /** The replicas with their state and load, by slot. */
  replicas(): { slot: number; state: string; inFlight: number; latencyMs: number; pid: number | undefined }[];
  /** Replica-seconds used since start. */
  replicaSeconds(): number;
  /** Looks for new model versions now (it also happens every reloadIntervalMs). */
  reload(): Promise<void>;
  /** Stops taking requests, finishes those in flight, stops the replicas. */
  close(): Promise<void>;
}

const SERVER_VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/** Batches a replica may hold at once: the next is on its way while one computes. */
const PIPELINE_DEPTH = 2;

function scalingPolicy(o: ResolvedOptions): ScalingPolicy | undefined {
  const times = { targetInFlight: o.targetInFlight, upAfterMs: o.scaleUpAfterMs, downAfterMs: o.scaleDownAfterMs };
  switch (o.autoscale) {
    case undefined:
      return undefined;
    case 'rule':
      return new RuleScaling(times);
    case 'predictive':
      // A replica starts in one to two seconds: forecast that far ahead. The window must span a
      // whole period of the load to tell where in it the present is: 32 intervals.
      return new PredictiveScaling(times, { window: 32, horizon: Math.max(1, Math.ceil(2000 / o.autoscaleIntervalMs)), history: 240, stepsPerObservation: 2, batchSize: 32, seed: 1 });
  }
}

/** Starts a server: replicas spawned and ready, HTTP listening. */
export async function startServer(options: ServeOptions): Promise<ServeHandle> {
  const o = resolveOptions(options);
  const sources = o.models.map((m) => parseModelSource(typeof m === 'string' ? m : `${m.name}=${m.dir}`));
  const names = sources.map((s) => s.name);
  const twice = names.find((n, i) => names.indexOf(n) !== i);
  if (twice !== undefined) throw new ArgumentError(`serve: two models are named '${twice}'; name them with NAME=DIR`);

  const metrics = new ServeMetrics({
    queueDepths: () => registry.models().map((m) => ({ model: m.name, depth: m.batcher.queueDepth })),
    replicaStates: () => pool.loads().map((r) => r.state),
    replicaSeconds: () => pool.replicaSeconds(),
  });
  const pool = new ReplicaPool({
    replicas: o.replicas,
    balancer: createBalancer(o.policy, o.weights),
    batchTimeoutMs: o.batchTimeoutMs,
    healthIntervalMs: o.healthIntervalMs,
    healthTimeoutMs: o.healthTimeoutMs,
    readyWaitMs: Math.min(o.requestTimeoutMs, 10000),
    startTimeoutMs: o.startTimeoutMs,
    delayMs: o.replicaDelayMs,
    observer: metrics,
    log: o.log,
  });
  const registry = new ModelRegistry(sources, pool, {
    maxBatch: o.maxBatch, delayMs: o.batchDelayMs, maxQueue: o.maxQueue, pipelineDepth: PIPELINE_DEPTH,
    onBatch: (model, rows) => metrics.batchSent(model, rows),
  }, o.log);
  try {
    await registry.start();
  } catch (err) {
    await pool.close();
    throw err;
  }

  const meter = new LoadMeter();
  const ctx: ProtocolContext = {
    registry,
    ready: () => pool.readyCount > 0,
    infer: async (name, version, input) => {
      const started = performance.now();
      meter.arrived();
      try {
        return await withDeadline(o.requestTimeoutMs, name, (deadline) => registry.infer(name, version, input, deadline));
      } finally {
        meter.answered((performance.now() - started) / 1000);
      }
    },
  };
  const app = createHttpServer(ctx, metrics, { bodyLimitBytes: o.bodyLimitBytes, apiKey: o.apiKey, serverVersion: SERVER_VERSION, log: o.log });
  const policy = scalingPolicy(o);
  const autoscaler = policy === undefined ? undefined : new Autoscaler(pool, policy, meter, {
    minReplicas: o.minReplicas, maxReplicas: o.maxReplicas, intervalMs: o.autoscaleIntervalMs,
    onDecision: (to, from) => {
      metrics.desiredReplicas.set(to);
      if (to !== from) o.log(`autoscaler (${policy.name}): ${from} -> ${to} replicas`);
    },
  });
  const reloadTimer = o.reloadIntervalMs > 0 ? setInterval(() => void registry.reload(), o.reloadIntervalMs) : undefined;
  reloadTimer?.unref();
  try {
    await app.listen({ port: o.port, host: o.host });
  } catch (err) {
    autoscaler?.stop();
    clearInterval(reloadTimer);
    await pool.close();
    throw err;
  }
  const { port } = app.server.address() as AddressInfo;
  const host = o.host === '0.0.0.0' || o.host === '::' ? '127.0.0.1' : o.host;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    models: names,
    replicas: () => pool.loads(),
    replicaSeconds: () => pool.replicaSeconds(),
    reload: () => registry.reload(),
    close: async () => {
      autoscaler?.stop();
      clearInterval(reloadTimer);
      await app.close();
      await pool.close();
    },
  };
}
