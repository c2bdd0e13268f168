import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { PoolObserver } from './pool/replicaPool.js';

/** What the gauges read when scraped. */
export interface MetricSources {
  queueDepths(): { model: string; depth: number }[];
  replicaStates(): string[];
  replicaSeconds(): number;
}

const LATENCY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const BATCH_BUCKETS = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024];

/**
 * The server's Prometheus metrics, in a registry of its own (several servers in one process do
 * not mix their figures): requests, errors and latency per model, batch latency per model and
 * replica, batch sizes, queue depth, replicas by state, replica-seconds, failures and retries.
 */
export class ServeMetrics implements PoolObserver {
  readonly registry = new Registry();
  private readonly requests: Counter<'model' | 'protocol' | 'code'>;
  private readonly errors: Counter<'model' | 'protocol' | 'code'>;
  private readonly requestSeconds: Histogram<'model' | 'protocol'>;
  private readonly batchSeconds: Histogram<'model' | 'replica'>;
  private readonly batchSize: Histogram<'model'>;
  private readonly failures: Counter<'replica'>;
  private readonly retries: Counter<'model'>;
  readonly desiredReplicas: Gauge;
  private readonly requestChildren = new Map<string, { requests: Counter.Internal; errors: Counter.Internal | undefined; seconds: Histogram.Internal<'model' | 'protocol'> }>();

  constructor(sources: MetricSources) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry, prefix: 'tensile_serve_' });
    this.requests = new Counter({ name: 'tensile_serve_requests_total', help: 'Inference requests answered, by model, protocol and HTTP status', labelNames: ['model', 'protocol', 'code'], registers });
    this.errors = new Counter({ name: 'tensile_serve_request_errors_total', help: 'Inference requests answered with an error status (4xx, 5xx)', labelNames: ['model', 'protocol', 'code'], registers });
    this.requestSeconds = new Histogram({ name: 'tensile_serve_request_duration_seconds', help: 'Inference request latency, from arrival to answer', labelNames: ['model', 'protocol'], buckets: LATENCY_BUCKETS, registers });
    this.batchSeconds = new Histogram({ name: 'tensile_serve_replica_batch_duration_seconds', help: 'Batch latency on a replica, from sending to its answer', labelNames: ['model', 'replica'], buckets: LATENCY_BUCKETS, registers });
    this.batchSize = new Histogram({ name: 'tensile_serve_batch_size', help: 'Rows per batch sent to a replica', labelNames: ['model'], buckets: BATCH_BUCKETS, registers });
    this.failures = new Counter({ name: 'tensile_serve_replica_failures_total', help: 'Replicas that died or were killed (crash, timeout, failed health check)', labelNames: ['replica'], registers });
    this.retries = new Counter({ name: 'tensile_serve_retries_total', help: 'Batches retried on another replica after theirs failed', labelNames: ['model'], registers });
    this.desiredReplicas = new Gauge({ name: 'tensile_serve_autoscaler_desired_replicas', help: 'Replicas the autoscaler last asked for', registers });
    new Gauge({
      name: 'tensile_serve_queue_depth', help: 'Requests waiting to be batched', labelNames: ['model'], registers,
      collect() {
        for (const { model, depth } of sources.queueDepths()) this.set({ model }, depth);
      },
    });
    new Gauge({
      name: 'tensile_serve_replicas', help: 'Replica processes by state', labelNames: ['state'], registers,
      collect() {
        this.reset();
        const counts = new Map<string, number>([['starting', 0], ['ready', 0], ['draining', 0]]);
        for (const s of sources.replicaStates()) counts.set(s, (counts.get(s) ?? 0) + 1);
        for (const [state, n] of counts) this.set({ state }, n);
      },
    });
    new Gauge({
      name: 'tensile_serve_replica_seconds', help: 'Replica-seconds used since start (each replica from spawn to exit)', registers,
      collect() {
        this.set(sources.replicaSeconds());
      },
    });
  }

  requestDone(model: string, protocol: string, code: number, seconds: number): void {
    // The children for a label set are looked up once (prom-client hashes the labels on every call).
    const key = `${model}\0${protocol}\0${code}`;
    let counted = this.requestChildren.get(key);
    if (counted === undefined) {
      const labels = { model, protocol, code: String(code) };
      counted = { requests: this.requests.labels(labels), errors: code >= 400 ? this.errors.labels(labels) : undefined, seconds: this.requestSeconds.labels({ model, protocol }) };
      this.requestChildren.set(key, counted);
    }
    counted.requests.inc();
    counted.errors?.inc();
    counted.seconds.observe(seconds);
  }

  batchSent(model: string, rows: number): void {
    this.batchSize.observe({ model }, rows);
  }

  batchDone(model: string, slot: number, seconds: number): void {
    this.batchSeconds.observe({ model, replica: String(slot) }, seconds);
  }

  replicaLost(slot: number): void {
    this.failures.inc({ replica: String(slot) });
  }

  retried(model: string): void {
    this.retries.inc({ model });
  }
}
