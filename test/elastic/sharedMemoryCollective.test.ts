import assert from 'node:assert/strict';
import { once } from 'node:events';
import { after, describe, it } from 'node:test';
import type { Worker } from 'node:worker_threads';
import { SharedMemoryCollective, abortSharedMemoryGroup, createSharedMemoryGroup } from '../../src/elastic/collective/sharedMemory.js';
import { CollectiveError } from '../../src/elastic/errors.js';
import { spawnThread } from '../../src/elastic/embedded/spawnThread.js';
import type { MemberResult, ScenarioName } from './collectiveMember.js';
import type { CollectiveHarness } from './collectiveScenarios.js';
import { collectiveScenarios } from './collectiveScenarios.js';
import type { MemberTask } from './sharedMemoryMember.js';

/**
 * Members are worker threads, reused from scenario to scenario. A member that dies is a thread
 * terminated mid-operation; the group is then aborted, as the embedded host does when one of its
 * worker threads exits.
 */
class ThreadHarness implements CollectiveHarness {
  readonly chunk = 4096;
  private readonly threads: Worker[] = [];

  private thread(rank: number): Worker {
    this.threads[rank] ??= spawnThread(new URL('./sharedMemoryMember.ts', import.meta.url));
    return this.threads[rank];
  }

  async run(scenario: ScenarioName, size: number, arg = 0, die?: number): Promise<MemberResult[]> {
    const buffer = createSharedMemoryGroup(size, this.chunk);
    const results = Array.from({ length: size }, (_, rank) => {
      const thread = this.thread(rank);
      const task: MemberTask = { scenario, arg, buffer, rank, size, timeoutMs: 20_000 };
      thread.postMessage(task);
      const exited = once(thread, 'exit').then((): MemberResult => ({ ok: false, name: 'Exited', message: `thread ${rank} exited` }));
      return Promise.race([once(thread, 'message').then(([r]) => r as MemberResult), exited]);
    });
    if (die !== undefined) {
      const victim = this.thread(die);
      delete this.threads[die];
      setTimeout(() => void victim.terminate().then(() => abortSharedMemoryGroup(buffer)), 300);
    }
    return Promise.all(results);
  }

  async close(): Promise<void> {
    await Promise.all(this.threads.map((t) => t.terminate()));
  }
}

const harness = new ThreadHarness();
after(() => harness.close());
collectiveScenarios('shared memory (worker threads)', () => harness);

describe('SharedMemoryCollective specifics', () => {
  it('a member that never arrives: the others time out naming its rank', async () => {
    const started = performance.now();
    // Ranks 0 and 1 of a group of 3 run; rank 2 never does.
    const buffer = createSharedMemoryGroup(3, 64);
    const members = [0, 1].map((rank) => new SharedMemoryCollective(buffer, rank, 3, { timeoutMs: 300 }));
    const outcomes = await Promise.allSettled(members.map((c) => c.allreduce(new Float32Array(10))));
    for (const o of outcomes) {
      assert.equal(o.status, 'rejected');
      const err = (o as PromiseRejectedResult).reason as CollectiveError;
      assert.ok(err instanceof CollectiveError);
      assert.equal(err.failure, 'timeout');
      assert.deepEqual(err.missingRanks, [2]);
    }
    assert.ok(performance.now() - started < 2000);
  });

  it('abort wakes a waiting member at once, with failure "aborted"; so do later calls', async () => {
    const buffer = createSharedMemoryGroup(2, 64);
    const member = new SharedMemoryCollective(buffer, 0, 2, { timeoutMs: 10_000 });
    const pending = member.allreduce(new Float32Array(10));
    setTimeout(() => abortSharedMemoryGroup(buffer), 50);
    const aborted = (err: unknown): boolean => err instanceof CollectiveError && err.failure === 'aborted';
    await assert.rejects(pending, aborted);
    await assert.rejects(member.broadcast(new Uint8Array(4), 1), aborted);
  });

  it('a closed member refuses further calls', async () => {
    const member = new SharedMemoryCollective(createSharedMemoryGroup(1, 64), 0, 1);
    await member.close();
    await assert.rejects(member.allreduce(new Float32Array(3)), (err: unknown) => err instanceof CollectiveError && err.failure === 'closed');
  });
});
