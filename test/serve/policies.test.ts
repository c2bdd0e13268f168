import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { BalancerPolicy } from '../../src/serve/index.js';
import { post, savedModel, startTestServer } from './fixtures.js';

/** Batches each replica answered, by slot, as /metrics counts them. */
async function batchesBySlot(url: string): Promise<number[]> {
  const text = await (await fetch(`${url}/metrics`)).text();
  return [0, 1].map((slot) => {
    const line = text.split('\n').find((l) => l.startsWith(`tensile_serve_replica_batch_duration_seconds_count{model="mlp",replica="${slot}"}`));
    return line === undefined ? 0 : Number(line.split(' ').at(-1));
  });
}

/**
 * Each policy end to end: two real replicas, slot 1 made slow on purpose (80 ms a batch), no
 * batching so each request is one batch, 60 requests 4 at a time; where did they go?
 */
describe('balancer policies end to end', () => {
  let model: Awaited<ReturnType<typeof savedModel>>;
  before(async () => (model = await savedModel()));
  after(() => model.cleanup());

  const cases: [BalancerPolicy, number[] | undefined, (slow: number, total: number) => boolean, string][] = [
    ['round-robin', undefined, (slow, total) => Math.abs(slow - total / 2) <= 1, 'half each'],
    ['weighted', [3, 1], (slow, total) => slow === total / 4, 'a quarter on the slow one (weights 3,1)'],
    ['least-response-time', undefined, (slow, total) => slow <= total * 0.2, 'at most a fifth on the slow one'],
    ['power-of-two', undefined, (slow, total) => slow <= total * 0.4, 'well under half on the slow one'],
  ];
  for (const [policy, weights, ok, want] of cases) {
    it(`${policy}: ${want}`, async () => {
      const { server } = await startTestServer({ models: [model.dir], replicas: 2, policy, ...(weights === undefined ? {} : { weights }), maxBatch: 1, replicaDelayMs: [0, 80], reloadIntervalMs: 0 });
      try {
        // Both replicas must be ready, or the first requests all land on the one that is.
        while (server.replicas().filter((r) => r.state === 'ready').length < 2) await new Promise((r) => setTimeout(r, 50));
        let next = 0;
        const worker = async (): Promise<void> => {
          while (next < 60) {
            next++;
            assert.equal((await post(`${server.url}/v1/models/mlp:predict`, { instances: [[1, 2, 3, 4]] })).status, 200);
          }
        };
        await Promise.all([worker(), worker(), worker(), worker()]);
        const [fast, slow] = await batchesBySlot(server.url);
        assert.equal(fast! + slow!, 60);
        assert.ok(ok(slow!, 60), `${policy}: slow replica got ${slow} of 60`);
      } finally {
        await server.close();
      }
    });
  }
});
