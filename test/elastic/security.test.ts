/**
 * Admission by shared secret, against a real redis-server: a coordinator given the secret admits
 * members that prove it and removes the others, and the job's generations go on without them.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { Coordinator } from '../../src/elastic/coordinator.js';
import { joinProof, rendezvousPrefix } from '../../src/elastic/security.js';
import { RedisStore } from '../../src/elastic/store/redis.js';
import type { MemberInfo } from '../../src/elastic/store/store.js';
import { startRedis } from './redisServer.js';

const server = await startRedis();
after(() => server.stop());

describe('joining needs the shared secret', () => {
  it('a member without a valid proof is refused and removed; the others form the generations', async () => {
    const store = new RedisStore(server.url, `secure-${process.pid}`);
    const refused: string[] = [];
    const role = new Coordinator(store, {
      id: 'coordinator', minWorkers: 1, maxWorkers: 8, leaseMs: 5000, settleMs: 20, pollMs: 100,
      onError: (err) => assert.fail(err), secret: 'the secret', onRefused: (m) => refused.push(m.id),
    });
    try {
      await role.start();
      const nonce = await store.jobNonce();
      const member = (id: string, secret?: string): MemberInfo => ({ id, host: 'test', pid: 1, ...(secret === undefined ? {} : { proof: joinProof(secret, nonce, id) }) });
      await store.join(member('good', 'the secret'), 60_000);
      await store.join(member('forger', 'a guess'), 60_000);
      await store.join(member('anonymous'), 60_000);
      await store.join({ ...member('replayer'), proof: joinProof('the secret', nonce, 'good') }, 60_000);
      for (let i = 0; i < 100 && (await store.generation())?.members.join() !== 'good'; i++) await sleep(20);
      assert.deepEqual((await store.generation())?.members, ['good']);
      assert.deepEqual(refused.sort(), ['anonymous', 'forger', 'replayer']);
      assert.deepEqual((await store.members()).map((m) => m.id), ['good']);
      assert.equal(await store.renew('forger', 5000), false, 'a refused member finds it is no longer one');

      await store.join(member('second', 'the secret'), 60_000);
      for (let i = 0; i < 100 && (await store.generation())?.members.length !== 2; i++) await sleep(20);
      assert.deepEqual((await store.generation())?.members, ['good', 'second']);
    } finally {
      await role.stop();
      await store.close();
    }
  });

  it('a generation\'s rendezvous prefix cannot be found without the secret', () => {
    const prefix = rendezvousPrefix('job', 7, 'the secret');
    assert.match(prefix, /^tensile\/job\/7\/[0-9a-f]{64}$/);
    assert.equal(rendezvousPrefix('job', 7, 'the secret'), prefix, 'every member derives the same one');
    for (const other of [rendezvousPrefix('job', 7, 'a guess'), rendezvousPrefix('job', 8, 'the secret'), rendezvousPrefix('job', 7, undefined)]) assert.notEqual(other, prefix);
  });
});
