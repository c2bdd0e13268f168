import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { post, savedModel, startTestServer } from './fixtures.js';

describe('back-pressure', () => {
  it('answers a burst past the queue with 429 + Retry-After and requests past the timeout with 504, never hanging', async () => {
    const m = await savedModel();
    // One replica taking 300 ms a batch, no batching, two requests may wait, 700 ms timeout.
    const { server } = await startTestServer({ models: [m.dir], replicas: 1, maxBatch: 1, maxQueue: 2, replicaDelayMs: [300], requestTimeoutMs: 700, reloadIntervalMs: 0 });
    try {
      const started = performance.now();
      const replies = await Promise.all(Array.from({ length: 10 }, () => post(`${server.url}/v1/models/mlp:predict`, { instances: [[1, 2, 3, 4]] })));
      const seconds = (performance.now() - started) / 1000;
      const count = (status: number): number => replies.filter((r) => r.status === status).length;
      assert.deepEqual(replies.filter((r) => ![200, 429, 504].includes(r.status)).map((r) => r.status), []);
      // Two batches go to the replica at once (pipelined) and two more may wait: of a burst that
      // arrives within 300 ms, six are refused; fewer when a busy machine spreads the burst out.
      assert.ok(count(429) >= 1 && count(429) <= 6, JSON.stringify(replies.map((r) => r.status)));
      assert.ok(replies.filter((r) => r.status === 429).every((r) => r.headers.get('retry-after') === '1' && /queue is full/.test(String(r.json['error']))));
      assert.ok(count(200) >= 1 && count(504) >= 1, JSON.stringify(replies.map((r) => r.status)));
      assert.match(String(replies.find((r) => r.status === 504)!.json['error']), /no answer within the request timeout of 700 ms/);
      assert.ok(seconds < 5, `the burst took ${seconds} s`);
      // Once the queue has drained the server answers again.
      await new Promise((r) => setTimeout(r, 1500));
      assert.equal((await post(`${server.url}/v1/models/mlp:predict`, { instances: [[1, 2, 3, 4]] })).status, 200);
    } finally {
      await server.close();
      m.cleanup();
    }
  });
});
