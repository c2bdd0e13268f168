/**
 * `node --import tsx bench/serving/replicaKill.ts [--requests N] [--connections C] [--kills K]`:
 * N single-instance requests (12,000 by default) to the MNIST-shaped MLP over C connections (64)
 * on loopback, while K replicas (2) are SIGKILLed one after another, a second apart, starting a
 * second in; every request must still get a 200. Prints requests sent, answered 200, failed, and
 * the pool's retries and replica failures from /metrics.
 */
import autocannon from 'autocannon';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tl from '../../src/index.js';
import type { ServeOptions } from '../../src/serve/index.js';
import { childServer } from './childServer.js';

const args = process.argv.slice(2);
const option = (name: string, fallback: number): number => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback);
const requests = option('--requests', 12_000);
const connections = option('--connections', 64);
const kills = option('--kills', 2);

/** The server's child processes: its replicas. */
const replicaPids = (serverPid: number): number[] => execFileSync('pgrep', ['-P', String(serverPid)], { encoding: 'utf8' }).trim().split('\n').map(Number);

const counter = (text: string, name: string): number => [...text.matchAll(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'gm'))].reduce((s, m) => s + Number(m[1]), 0);

const dir = mkdtempSync(join(tmpdir(), 'tensile-bench-kill-'));
try {
  tl.setSeed(1);
  await tl.sequential([tl.layers.dense({ units: 128, activation: 'relu', inputShape: [784] }), tl.layers.dense({ units: 10, activation: 'softmax' })]).save(join(dir, 'mnist', '1'));
  const server = await childServer('./serverProcess.ts', [JSON.stringify({
    models: [join(dir, 'mnist')], port: 0, host: '127.0.0.1', replicas: 2, maxBatch: 64, batchDelayMs: 2, reloadIntervalMs: 0,
  } satisfies ServeOptions)]);
  try {
    console.log(`load average at start: ${loadavg().map((l) => l.toFixed(2)).join(' ')}; ${requests} requests over ${connections} connections, ${kills} replicas SIGKILLed`);
    const killed: number[] = [];
    const killer = setInterval(() => {
      const victim = replicaPids(server.pid).find((pid) => !killed.includes(pid));
      if (victim !== undefined) {
        process.kill(victim, 'SIGKILL');
        killed.push(victim);
      }
      if (killed.length === kills) clearInterval(killer);
    }, 1000);
    const body = JSON.stringify({ instances: [Array.from({ length: 784 }, (_, i) => (i % 255) / 255)] });
    const r = await autocannon({ url: `${server.url}/v1/models/mnist:predict`, connections, amount: requests, method: 'POST', headers: { 'content-type': 'application/json' }, body });
    clearInterval(killer);
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    console.log(JSON.stringify({
      sent: r.requests.sent, ok: r['2xx'], failed: r.non2xx + r.errors + r.timeouts, killed: killed.length,
      replicaFailures: counter(metrics, 'tensile_serve_replica_failures_total'), batchesRetried: counter(metrics, 'tensile_serve_retries_total'),
      requestsPerSecond: Math.round(r.requests.average), p99Ms: r.latency.p99,
    }));
  } finally {
    await server.stop();
  }
  console.log(`load average at end: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
