/**
 * The scenarios every CoordinatorStore implementation must pass, written once and run against
 * each (memoryStore.test.ts, and the Redis store's test against a real redis-server).
 */
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, it } from 'node:test';
import { CoordinationError } from '../../src/elastic/errors.js';
import type { CoordinatorStore, StoreEvent } from '../../src/elastic/store/store.js';

const member = (id: string) => ({ id, host: 'test-host', pid: 1 });

/** Collects events until `count` have arrived (or fails after a while). */
async function collect(store: CoordinatorStore, count: number, act: () => Promise<void>): Promise<StoreEvent[]> {
  const events: StoreEvent[] = [];
  let done: () => void = () => undefined;
  const enough = new Promise<void>((resolve) => (done = resolve));
  const subscription = await store.subscribe((e) => {
    events.push(e);
    if (events.length === count) done();
  });
  await act();
  await Promise.race([enough, sleep(3000)]);
  await subscription.close();
  return events;
}

/** `makeStore` gives a new, empty store (of a new job) for every test. */
export function storeScenarios(name: string, makeStore: () => Promise<CoordinatorStore>): void {
  describe(`CoordinatorStore scenarios: ${name}`, () => {
    const opened: CoordinatorStore[] = [];
    const open = async (): Promise<CoordinatorStore> => {
      const store = await makeStore();
      opened.push(store);
      return store;
    };
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((s) => s.close()));
    });

    it('members join in order, a live id cannot join twice, leave removes', async () => {
      const store = await open();
      await store.join(member('a'), 5000);
      await store.join(member('b'), 5000);
      await assert.rejects(store.join(member('a'), 5000), CoordinationError);
      assert.deepEqual((await store.members()).map((m) => m.id), ['a', 'b']);
      assert.deepEqual(await store.members(), [member('a'), member('b')]);
      await store.leave('a');
      await store.leave('nobody');
      assert.deepEqual((await store.members()).map((m) => m.id), ['b']);
    });

    it('the job nonce is made once; members keep their join proof', async () => {
      const store = await open();
      const nonce = await store.jobNonce();
      assert.match(nonce, /^[0-9a-f]{32}$/);
      assert.equal(await store.jobNonce(), nonce);
      await store.join({ ...member('p'), proof: 'abc123' }, 5000);
      assert.deepEqual(await store.members(), [{ ...member('p'), proof: 'abc123' }]);
    });

    it('a lease not renewed expires: the member is gone and renew says so; a renewed one stays', async () => {
      const store = await open();
      await store.join(member('short'), 150);
      await store.join(member('kept'), 150);
      for (let i = 0; i < 4; i++) {
        await sleep(60);
        assert.equal(await store.renew('kept', 150), true);
      }
      assert.deepEqual((await store.members()).map((m) => m.id), ['kept']);
      assert.equal(await store.renew('short', 150), false);
      assert.equal(await store.renew('never-joined', 150), false);
      // An expired id may join again.
      await store.join(member('short'), 1000);
      assert.deepEqual((await store.members()).map((m) => m.id).sort(), ['kept', 'short']);
    });

    it('generations advance one at a time; of two publishers racing from the same one, exactly one wins', async () => {
      const store = await open();
      assert.equal(await store.generation(), undefined);
      const first = await store.publishGeneration(0, ['a', 'b']);
      assert.deepEqual(first, { id: 1, members: ['a', 'b'] });
      assert.equal(await store.publishGeneration(0, ['c']), undefined);
      const race = await Promise.all([store.publishGeneration(1, ['a']), store.publishGeneration(1, ['b'])]);
      assert.equal(race.filter((g) => g !== undefined).length, 1);
      const current = await store.generation();
      assert.equal(current?.id, 2);
      assert.deepEqual(current, race.find((g) => g !== undefined));
      assert.deepEqual((await store.publishGeneration(2, []))?.members, []);
    });

    it('the coordinator lease: one holder, renewable, taken over after expiry, resignable', async () => {
      const store = await open();
      assert.equal(await store.coordinator(), undefined);
      assert.equal(await store.claimCoordinator('a', 150), true);
      assert.equal(await store.claimCoordinator('b', 150), false);
      assert.equal(await store.claimCoordinator('a', 150), true);
      assert.equal(await store.coordinator(), 'a');
      await sleep(250);
      assert.equal(await store.coordinator(), undefined);
      assert.equal(await store.claimCoordinator('b', 5000), true);
      assert.equal(await store.claimCoordinator('a', 5000), false);
      await store.resignCoordinator('a');
      assert.equal(await store.coordinator(), 'b');
      await store.resignCoordinator('b');
      assert.equal(await store.claimCoordinator('a', 5000), true);
      // Taking the lease from a holder known dead; not from anyone else.
      assert.equal(await store.claimCoordinator('c', 5000, 'b'), false);
      assert.equal(await store.claimCoordinator('c', 5000, 'a'), true);
      assert.equal(await store.coordinator(), 'c');
    });

    it('commits only move forward', async () => {
      const store = await open();
      assert.equal(await store.lastCommit(), undefined);
      await store.commit({ step: 5, generation: 1 });
      await store.commit({ step: 3, generation: 2 });
      assert.deepEqual(await store.lastCommit(), { step: 5, generation: 1 });
      await store.commit({ step: 6, generation: 2 });
      assert.deepEqual(await store.lastCommit(), { step: 6, generation: 2 });
    });

    it('failure reports: per generation, each member once, announced', async () => {
      const store = await open();
      assert.deepEqual(await store.failureReports(3), []);
      const events = await collect(store, 2, async () => {
        await store.reportFailure(3, 'a');
        await store.reportFailure(3, 'b');
      });
      await store.reportFailure(3, 'a');
      await store.reportFailure(4, 'c');
      assert.deepEqual((await store.failureReports(3)).sort(), ['a', 'b']);
      assert.deepEqual(await store.failureReports(4), ['c']);
      assert.deepEqual(events, [{ type: 'failure', generation: 3 }, { type: 'failure', generation: 3 }]);
    });

    it('subscribers get membership and generation events in order, and none after closing', async () => {
      const store = await open();
      const events = await collect(store, 4, async () => {
        await store.join(member('a'), 5000);
        await store.publishGeneration(0, ['a']);
        await store.leave('a');
        await store.publishGeneration(1, []);
      });
      assert.deepEqual(events, [
        { type: 'members', joined: 'a' },
        { type: 'generation', generation: { id: 1, members: ['a'] } },
        { type: 'members' },
        { type: 'generation', generation: { id: 2, members: [] } },
      ]);
      const late: StoreEvent[] = [];
      const subscription = await store.subscribe((e) => late.push(e));
      await subscription.close();
      await store.join(member('b'), 5000);
      await sleep(100);
      assert.deepEqual(late, []);
    });
  });
}
