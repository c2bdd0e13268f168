import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { CoordinationError } from '../../src/elastic/errors.js';
import { RedisStore } from '../../src/elastic/store/redis.js';
import { startRedis } from './redisServer.js';
import { storeScenarios } from './storeScenarios.js';

const server = await startRedis();
after(() => server.stop());
let jobs = 0;
storeScenarios('Redis (a private redis-server)', async () => new RedisStore(server.url, `test-${process.pid}-${jobs++}`));

describe('RedisStore specifics', () => {
  it('jobs are separate: the same member id in two jobs', async () => {
    const [a, b] = [new RedisStore(server.url, 'job-a'), new RedisStore(server.url, 'job-b')];
    try {
      await a.join({ id: 'w', host: 'h', pid: 1 }, 5000);
      await b.join({ id: 'w', host: 'h', pid: 2 }, 5000);
      assert.deepEqual((await a.members()).map((m) => m.pid), [1]);
      assert.deepEqual((await b.members()).map((m) => m.pid), [2]);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('with a password: the right one works, none or a wrong one is a CoordinationError', async () => {
    const secured = await startRedis('s3cret');
    const stores = [new RedisStore(secured.url, 'j'), new RedisStore(secured.url.replace(':s3cret@', ''), 'j'), new RedisStore(secured.url.replace('s3cret', 'wrong'), 'j')];
    try {
      await stores[0]!.join({ id: 'w', host: 'h', pid: 1 }, 5000);
      for (const refused of stores.slice(1)) await assert.rejects(refused.members(), CoordinationError);
    } finally {
      await Promise.all(stores.map((s) => s.close()));
      await secured.stop();
    }
  });
});
