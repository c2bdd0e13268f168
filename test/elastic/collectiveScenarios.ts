/**
 * The scenarios every Collective implementation must pass, written once. Each scenario runs
 * inside every member (a worker thread, a process) through `collectiveMember.ts`; a harness
 * forms the group its way and reports what each member returned or threw.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { MemberResult, ScenarioName } from './collectiveMember.js';

export interface CollectiveHarness {
  /** Runs `scenario(arg)` on a new group of `size` members; `die` names a rank to kill while it runs. */
  run(scenario: ScenarioName, size: number, arg?: number, die?: number): Promise<MemberResult[]>;
  /** Largest floats per chunk the implementation moves at once (longer arrays test chunking); Infinity if none. */
  readonly chunk: number;
}

const values = <T>(results: MemberResult[]): T[] => results.map((r) => {
  assert.ok(r.ok, `a member failed: ${JSON.stringify(r)}`);
  return r.value as T;
});

/** The suite: every harness (implementation) runs the same scenarios. */
export function collectiveScenarios(name: string, harness: () => CollectiveHarness): void {
  describe(`Collective scenarios: ${name}`, () => {
    for (const size of [1, 2, 3]) {
      it(`allreduce over ${size} member${size > 1 ? 's' : ''}: correct sums, the same bits everywhere, also past one chunk`, async () => {
        const h = harness();
        const lengths = [1, 1001, Math.min(h.chunk * 2 + 17, 300_017)];
        for (const length of lengths) {
          const results = values<{ correct: boolean; print: string }>(await h.run('allreduce', size, length));
          assert.ok(results.every((r) => r.correct), `length ${length}: wrong sums`);
          assert.equal(new Set(results.map((r) => r.print)).size, 1, `length ${length}: members got different bits`);
        }
      });
    }
    it('50 allreduces in a row stay separate', async () => {
      const results = values<{ correct: boolean; print: string }>(await harness().run('repeated', 3, 777));
      assert.ok(results.every((r) => r.correct));
      assert.equal(new Set(results.map((r) => r.print)).size, 1);
    });
    it('broadcastMessage delivers the root\'s bytes, whose length only it knew', async () => {
      const h = harness();
      for (const length of [0, 5000, Math.min(h.chunk * 8 + 5, 1_000_005)]) {
        const results = values<{ correct: boolean }>(await h.run('broadcast', 3, length));
        assert.ok(results.every((r) => r.correct), `length ${length}`);
      }
    });
    it('allreduce and broadcast in turns keep their numbers apart', async () => {
      const h = harness();
      for (const length of [2, 1001]) {
        const results = values<{ correct: boolean }>(await h.run('mixed', 3, length));
        assert.ok(results.every((r) => r.correct), `length ${length}`);
      }
    });
    it('a member that dies mid-collective makes every survivor throw a CollectiveError, not hang', async () => {
      const started = performance.now();
      const results = await harness().run('untilFailure', 3, 0, 2);
      const survivors = results.slice(0, 2);
      for (const r of survivors) {
        assert.ok(!r.ok && r.name === 'CollectiveError', `survivor result: ${JSON.stringify(r)}`);
      }
      assert.ok(performance.now() - started < 10_000, `took ${performance.now() - started} ms`);
    });
  });
}
