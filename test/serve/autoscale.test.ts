import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { post, savedModel, startTestServer } from './fixtures.js';

describe('autoscaling (rule) on a real pool', () => {
  it('adds replicas under a sustained load and removes them after it stops', async () => {
    const m = await savedModel();
    // Replicas take 50 ms a batch of at most 2: 12 clients keep up to 12 requests in flight; at 3 per replica that wants 4, capped at 2.
    const { server, logs } = await startTestServer({
      models: [m.dir], minReplicas: 1, maxReplicas: 2, autoscale: 'rule', autoscaleIntervalMs: 200, targetInFlight: 3,
      scaleUpAfterMs: 400, scaleDownAfterMs: 1500, maxBatch: 2, replicaDelayMs: [50, 50], reloadIntervalMs: 0,
    });
    try {
      assert.equal(server.replicas().length, 1);
      let peak = 0;
      let sent = 0;
      // A bounded load: 12 clients until 2 replicas are ready or 1000 requests have gone, whichever is first.
      const client = async (): Promise<void> => {
        while (sent < 1000 && peak < 2) {
          sent++;
          assert.equal((await post(`${server.url}/v1/models/mlp:predict`, { instances: [[1, 2, 3, 4]] })).status, 200);
          peak = Math.max(peak, server.replicas().filter((r) => r.state === 'ready').length);
        }
      };
      await Promise.all(Array.from({ length: 12 }, client));
      assert.equal(peak, 2, `${sent} requests; ${logs.join('; ')}`);
      assert.equal(logs[0], 'autoscaler (rule): 1 -> 2 replicas', logs.join('; '));
      const deadline = Date.now() + 20_000;
      while (server.replicas().length > 1 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      assert.equal(server.replicas().length, 1, logs.join('; '));
      assert.ok(logs.some((l) => l === 'autoscaler (rule): 2 -> 1 replicas'), logs.join('; '));
    } finally {
      await server.close();
      m.cleanup();
    }
  });
});
