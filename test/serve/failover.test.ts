import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ServeHandle } from '../../src/serve/index.js';
import type { LayersModel } from '../../src/index.js';
import { close, expected, post, savedModel, startTestServer } from './fixtures.js';

/** Sends `total` single-row requests, `concurrency` at a time; calls `midway` once `at` have been answered. */
async function boundedLoad(url: string, total: number, concurrency: number, at: number, midway: () => void): Promise<{ row: number[]; status: number; predictions: unknown }[]> {
  const results: { row: number[]; status: number; predictions: unknown }[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < total) {
      const i = next++;
      const row = [i % 7, (i % 5) - 2, i % 3, 1];
      const r = await post(url, { instances: [row] });
      results.push({ row, status: r.status, predictions: r.json['predictions'] ?? r.json['error'] });
      if (results.length === at) midway();
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return results;
}

const waitFor = async (what: string, ok: () => boolean, ms: number): Promise<void> => {
  const deadline = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};

/** Real replica processes killed with real signals while a bounded load runs on loopback. */
describe('failover', () => {
  let server: ServeHandle;
  let logs: string[];
  let model: LayersModel;
  let cleanup: () => void;
  const predictUrl = (): string => `${server.url}/v1/models/mlp:predict`;

  before(async () => {
    let dir: string;
    ({ model, dir, cleanup } = await savedModel());
    ({ server, logs } = await startTestServer({ models: [dir], replicas: 2, batchDelayMs: 1, healthIntervalMs: 200, healthTimeoutMs: 1000, batchTimeoutMs: 1500 }));
  });
  after(async () => {
    await server?.close();
    cleanup?.();
  });

  /** Every request answered 200 with the model's own prediction. */
  function assertAllCorrect(results: { row: number[]; status: number; predictions: unknown }[], total: number): void {
    const failed = results.filter((r) => r.status !== 200);
    assert.deepEqual(failed, [], `${failed.length} of ${results.length} failed`);
    assert.equal(results.length, total);
    for (const r of results) assert.ok(close(r.predictions, expected(model, [r.row])), `wrong answer for ${JSON.stringify(r.row)}`);
  }

  it('loses no request when a replica is SIGKILLed under load, and replaces it', async () => {
    const victim = server.replicas().find((r) => r.slot === 0)!;
    const results = await boundedLoad(predictUrl(), 600, 16, 100, () => process.kill(victim.pid!, 'SIGKILL'));
    assertAllCorrect(results, 600);
    assert.ok(logs.some((l) => l.startsWith(`replica 0 (pid ${victim.pid}) died: `) && l.endsWith('it was killed by SIGKILL')), logs.join('\n'));
    await waitFor('the replacement replica', () => server.replicas().filter((r) => r.state === 'ready').length === 2, 30_000);
    assert.notEqual(server.replicas().find((r) => r.slot === 0)!.pid, victim.pid);
    const text = await (await fetch(`${server.url}/metrics`)).text();
    assert.match(text, /tensile_serve_replica_failures_total\{replica="0"\} 1/);
  });

  it('loses no request when a replica hangs (SIGSTOP): its batches time out and run elsewhere, the health check replaces it', async () => {
    const victim = server.replicas().find((r) => r.slot === 1)!;
    const results = await boundedLoad(predictUrl(), 300, 16, 50, () => process.kill(victim.pid!, 'SIGSTOP'));
    assertAllCorrect(results, 300);
    await waitFor('the hung replica to be replaced', () => server.replicas().filter((r) => r.state === 'ready' && r.pid !== victim.pid).length === 2, 30_000);
    assert.ok(logs.some((l) => new RegExp(`^replica 1 \\(pid ${victim.pid}\\) died: .*did not answer`).test(l)), logs.join('\n'));
  });
});
