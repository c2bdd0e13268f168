/**
 * `node --import tsx bench/serving/autoscale.ts [--periods N] [--rate-scale F]`: replays a periodic, bursty load
 * trace against the server with `--autoscale rule` and with `--autoscale predictive`, one after
 * the other, and prints p50/p99 latency, failed requests and replica-seconds for each.
 *
 * The trace: each 12 s period has 8 s at 50 requests/s and a 4 s burst at 300 requests/s. A
 * replica's compute is simulated by a fixed 20 ms per batch of at most 2 rows (it sleeps, so
 * up to 4 replicas fit on 2 shared cores without fighting over them): one replica serves about
 * 100 requests/s, a burst needs 3. The predictive policy needs a few periods of history before
 * it forecasts, so figures are also given for the last half of the run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tl from '../../src/index.js';
import type { AutoscalePolicy, ServeOptions } from '../../src/serve/index.js';
import { childServer } from './childServer.js';
import type { RequestRecord } from './loadGenerator.js';
import { quantile, replay } from './loadGenerator.js';

const args = process.argv.slice(2);
const option = (name: string, fallback: number): number => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback);
const periods = option('--periods', 10);
/** Scales the trace's rates (a small value checks the script without loading the machine). */
const rateScale = option('--rate-scale', 1);
const PERIOD = 12;
const rateAt = (t: number): number => rateScale * (t % PERIOD >= PERIOD - 4 ? 300 : 50);

async function replicaSeconds(url: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  return Number(/^tensile_serve_replica_seconds (\S+)$/m.exec(text)![1]);
}

function summary(records: readonly RequestRecord[]): { requests: number; failed: number; p50: number; p99: number } {
  const ok = records.filter((r) => r.status === 200).map((r) => r.latencyMs);
  return { requests: records.length, failed: records.length - ok.length, p50: quantile(ok, 0.5), p99: quantile(ok, 0.99) };
}

async function run(policy: AutoscalePolicy, modelDir: string): Promise<Record<string, unknown>> {
  const server = await childServer('./serverProcess.ts', [JSON.stringify({
    models: [modelDir], port: 0, host: '127.0.0.1', autoscale: policy, minReplicas: 1, maxReplicas: 4,
    autoscaleIntervalMs: 500, targetInFlight: 4, scaleUpAfterMs: 1000, scaleDownAfterMs: 3000,
    maxBatch: 2, batchDelayMs: 1, replicaDelayMs: [20, 20, 20, 20], requestTimeoutMs: 10_000, reloadIntervalMs: 0,
  } satisfies ServeOptions)]);
  const before = await replicaSeconds(server.url);
  const seconds = periods * PERIOD;
  const records = await replay(`${server.url}/v1/models/mlp:predict`, JSON.stringify({ instances: [[1, 2, 3, 4]] }), rateAt, seconds);
  const used = (await replicaSeconds(server.url)) - before;
  await server.stop();
  const all = summary(records);
  const late = summary(records.filter((r) => r.sentAt >= (seconds / 2) * 1000));
  return {
    policy, seconds, requests: all.requests, failed: all.failed,
    p50Ms: +all.p50.toFixed(1), p99Ms: +all.p99.toFixed(1), lastHalfP99Ms: +late.p99.toFixed(1),
    replicaSeconds: +used.toFixed(1), meanReplicas: +(used / seconds).toFixed(2),
  };
}

const dir = mkdtempSync(join(tmpdir(), 'tensile-bench-serve-'));
try {
  tl.setSeed(1);
  await tl.sequential([tl.layers.dense({ units: 8, activation: 'relu', inputShape: [4] }), tl.layers.dense({ units: 3, activation: 'softmax' })]).save(join(dir, 'mlp', '1'));
  console.log(`load average at start: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  const results = [];
  for (const policy of ['rule', 'predictive'] as const) {
    const result = await run(policy, join(dir, 'mlp'));
    results.push(result);
    console.log(JSON.stringify(result));
  }
  const [rule, predictive] = results as { p99Ms: number; lastHalfP99Ms: number; replicaSeconds: number }[];
  console.log(`predictive / rule: p99 ${(predictive!.p99Ms / rule!.p99Ms).toFixed(2)}x, last-half p99 ${(predictive!.lastHalfP99Ms / rule!.lastHalfP99Ms).toFixed(2)}x, replica-seconds ${(predictive!.replicaSeconds / rule!.replicaSeconds).toFixed(2)}x`);
  console.log(`load average at end: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
