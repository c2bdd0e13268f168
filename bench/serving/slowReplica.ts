/**
 * `node --import tsx bench/serving/slowReplica.ts [--seconds S] [--rate R] [--slow-ms M]`: three
 * replicas, one made slow on purpose (M ms per batch, 100 by default; the others answer in about
 * a millisecond), an open-loop load of R requests/s (300) for S seconds (15) per balancing policy,
 * one policy after another: p50/p99 latency, failed requests and the share of batches the slow
 * replica computed. Round-robin hands the slow replica a third of the batches whatever its queue;
 * least-response-time and power-of-two should route around it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tl from '../../src/index.js';
import type { BalancerPolicy, ServeOptions } from '../../src/serve/index.js';
import { childServer } from './childServer.js';
import { quantile, replay } from './loadGenerator.js';

const args = process.argv.slice(2);
const option = (name: string, fallback: number): number => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback);
const seconds = option('--seconds', 15);
const rate = option('--rate', 300);
const slowMs = option('--slow-ms', 100);
const SLOW_SLOT = 2;

/** Batches each replica slot answered, from the per-replica batch-latency histogram counts. */
async function batchesBySlot(url: string): Promise<Map<string, number>> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const batches = new Map<string, number>();
  for (const m of text.matchAll(/^tensile_serve_replica_batch_duration_seconds_count\{model="mlp",replica="(\d+)"\} (\S+)$/gm)) batches.set(m[1]!, Number(m[2]));
  return batches;
}

async function run(policy: BalancerPolicy, modelDir: string): Promise<Record<string, unknown>> {
  const server = await childServer('./serverProcess.ts', [JSON.stringify({
    models: [modelDir], port: 0, host: '127.0.0.1', replicas: 3, policy, maxBatch: 8, batchDelayMs: 1,
    replicaDelayMs: [0, 0, slowMs], requestTimeoutMs: 10_000, batchTimeoutMs: 10_000, reloadIntervalMs: 0,
  } satisfies ServeOptions)]);
  try {
    const records = await replay(`${server.url}/v1/models/mlp:predict`, JSON.stringify({ instances: [[1, 2, 3, 4]] }), () => rate, seconds);
    const ok = records.filter((r) => r.status === 200).map((r) => r.latencyMs);
    const batches = await batchesBySlot(server.url);
    const total = [...batches.values()].reduce((a, b) => a + b, 0);
    return {
      policy, requests: records.length, failed: records.length - ok.length,
      p50Ms: +quantile(ok, 0.5).toFixed(1), p99Ms: +quantile(ok, 0.99).toFixed(1),
      slowReplicaBatchShare: +((batches.get(String(SLOW_SLOT)) ?? 0) / total).toFixed(3),
    };
  } finally {
    await server.stop();
  }
}

const dir = mkdtempSync(join(tmpdir(), 'tensile-bench-slow-'));
try {
  tl.setSeed(1);
  await tl.sequential([tl.layers.dense({ units: 8, activation: 'relu', inputShape: [4] }), tl.layers.dense({ units: 3, activation: 'softmax' })]).save(join(dir, 'mlp', '1'));
  console.log(`load average at start: ${loadavg().map((l) => l.toFixed(2)).join(' ')}; ${rate} requests/s for ${seconds} s per policy, replica ${SLOW_SLOT} slowed by ${slowMs} ms a batch`);
  const results = new Map<BalancerPolicy, { p99Ms: number }>();
  for (const policy of ['round-robin', 'least-response-time', 'power-of-two', 'weighted'] as const) {
    const result = await run(policy, join(dir, 'mlp'));
    results.set(policy, result as { p99Ms: number });
    console.log(JSON.stringify(result));
  }
  const rr = results.get('round-robin')!.p99Ms;
  for (const policy of ['least-response-time', 'power-of-two', 'weighted'] as const) console.log(`p99 round-robin / ${policy}: ${(rr / results.get(policy)!.p99Ms).toFixed(2)}x`);
  console.log(`load average at end: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
