/**
 * `node --import tsx bench/serving/throughput.ts [--seconds S] [--connections C]`: the MNIST MLP (784-128-10) behind
 * `tensile serve`, one 784-float instance per JSON request, 64 connections by default (autocannon) on
 * loopback, with dynamic batching and without, side by side with a bare node:http server
 * answering a fixed JSON (the ceiling), all in the same run. The load generator shares the
 * machine's cores with the server, as in DESIGN.md's figures.
 */
import autocannon from 'autocannon';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tl from '../../src/index.js';
import type { ServeOptions } from '../../src/serve/index.js';
import { childServer } from './childServer.js';

const args = process.argv.slice(2);
const option = (name: string, fallback: number): number => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback);
const seconds = option('--seconds', 10);
const connections = option('--connections', 64);
const body = JSON.stringify({ instances: [Array.from({ length: 784 }, (_, i) => (i % 255) / 255)] });

async function measure(name: string, script: string, scriptArgs: string[], path: string): Promise<{ name: string; requestsPerSecond: number; p50Ms: number; p99Ms: number; failed: number }> {
  const server = await childServer(script, scriptArgs);
  try {
    const url = `${server.url}${path}`;
    await autocannon({ url, connections, duration: Math.min(2, seconds), method: 'POST', headers: { 'content-type': 'application/json' }, body }); // warm-up
    const r = await autocannon({ url, connections, duration: seconds, method: 'POST', headers: { 'content-type': 'application/json' }, body });
    return { name, requestsPerSecond: Math.round(r.requests.average), p50Ms: r.latency.p50, p99Ms: r.latency.p99, failed: r.non2xx + r.errors + r.timeouts };
  } finally {
    await server.stop();
  }
}

const dir = mkdtempSync(join(tmpdir(), 'tensile-bench-throughput-'));
try {
  tl.setSeed(1);
  await tl.sequential([tl.layers.dense({ units: 128, activation: 'relu', inputShape: [784] }), tl.layers.dense({ units: 10, activation: 'softmax' })]).save(join(dir, 'mnist', '1'));
  console.log(`load average at start: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  const serve = (options: Partial<ServeOptions>): string[] => [JSON.stringify({ models: [join(dir, 'mnist')], port: 0, host: '127.0.0.1', replicas: 2, reloadIntervalMs: 0, ...options })];
  const rows = [
    await measure('tensile serve, dynamic batching (max 64, 2 ms)', './serverProcess.ts', serve({ maxBatch: 64, batchDelayMs: 2 }), '/v1/models/mnist:predict'),
    await measure('tensile serve, no batching', './serverProcess.ts', serve({ maxBatch: 1 }), '/v1/models/mnist:predict'),
    await measure('bare node:http, fixed reply', './bareServer.ts', [], '/'),
  ];
  const ceiling = rows[2]!.requestsPerSecond;
  for (const row of rows) console.log(JSON.stringify({ ...row, ofBare: +(row.requestsPerSecond / ceiling).toFixed(2) }));
  console.log(`batching / no batching: ${(rows[0]!.requestsPerSecond / rows[1]!.requestsPerSecond).toFixed(2)}x requests/s`);
  console.log(`load average at end: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
