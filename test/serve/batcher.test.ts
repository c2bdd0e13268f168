import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DynamicBatcher } from '../../src/serve/batcher/dynamicBatcher.js';
import type { BatcherOptions } from '../../src/serve/batcher/dynamicBatcher.js';
import { OverloadedError } from '../../src/serve/errors.js';
import { Deadline } from '../../src/serve/http/deadline.js';
import type { HostTensor } from '../../src/serve/tensors/hostTensor.js';

const rows = (...values: number[][]): HostTensor => ({ dtype: 'float32', shape: [values.length, values[0]!.length], data: Float32Array.from(values.flat()) });

/** A model that answers each row [a, b] with [a + b, a * b], recording the batch sizes it saw. */
function fakeModel(): { run: BatcherOptions['run']; batches: number[]; release: () => void; hold: () => void } {
  const batches: number[] = [];
  let gate: Promise<void> = Promise.resolve();
  let open = (): void => undefined;
  return {
    batches,
    hold: () => (gate = new Promise((r) => (open = r))),
    release: () => open(),
    run: async (batch) => {
      batches.push(batch.shape[0]!);
      await gate;
      const n = batch.shape[0]!;
      const out = new Float32Array(n * 2);
      for (let i = 0; i < n; i++) {
        out[2 * i] = batch.data[2 * i]! + batch.data[2 * i + 1]!;
        out[2 * i + 1] = batch.data[2 * i]! * batch.data[2 * i + 1]!;
      }
      return { dtype: 'float32', shape: [n, 2], data: out };
    },
  };
}

describe('DynamicBatcher', () => {
  it('runs requests arriving within the delay as one batch and hands each its own rows', async () => {
    const model = fakeModel();
    const b = new DynamicBatcher({ maxBatch: 64, delayMs: 20, maxQueue: 100, maxInFlight: () => 1, run: model.run });
    const answers = await Promise.all([b.submit(rows([1, 2])), b.submit(rows([3, 4], [5, 6])), b.submit(rows([7, 8]))]);
    assert.deepEqual(model.batches, [4]);
    assert.deepEqual(answers.map((a) => [a.shape, Array.from(a.data)]), [
      [[1, 2], [3, 2]],
      [[2, 2], [7, 12, 11, 30]],
      [[1, 2], [15, 56]],
    ]);
  });

  it('sends a batch as soon as maxBatch rows wait, without waiting out the delay', async () => {
    const model = fakeModel();
    const b = new DynamicBatcher({ maxBatch: 2, delayMs: 60_000, maxQueue: 100, maxInFlight: () => 4, run: model.run });
    const answers = await Promise.all([1, 2, 3, 4].map((i) => b.submit(rows([i, i]))));
    assert.deepEqual(model.batches, [2, 2]);
    assert.deepEqual(answers.map((a) => a.data[1]), [1, 4, 9, 16]);
  });

  it('queues while every replica is busy, so the next batch holds everything that arrived meanwhile', async () => {
    const model = fakeModel();
    const b = new DynamicBatcher({ maxBatch: 64, delayMs: 0, maxQueue: 100, maxInFlight: () => 1, run: model.run });
    model.hold();
    const first = b.submit(rows([1, 1]));
    const rest = [2, 3, 4, 5, 6].map((i) => b.submit(rows([i, 1])));
    assert.equal(b.queueDepth, 5);
    model.release();
    await Promise.all([first, ...rest]);
    assert.deepEqual(model.batches, [1, 5]);
  });

  it('does not batch with maxBatch 1', async () => {
    const model = fakeModel();
    const b = new DynamicBatcher({ maxBatch: 1, delayMs: 50, maxQueue: 100, maxInFlight: () => 8, run: model.run });
    await Promise.all([1, 2, 3].map((i) => b.submit(rows([i, i]))));
    assert.deepEqual(model.batches, [1, 1, 1]);
  });

  it('refuses requests past maxQueue with a 429 OverloadedError that says when to retry', async () => {
    const model = fakeModel();
    model.hold();
    const b = new DynamicBatcher({ maxBatch: 1, delayMs: 0, maxQueue: 2, maxInFlight: () => 1, run: model.run });
    const held = [b.submit(rows([1, 1])), b.submit(rows([2, 2])), b.submit(rows([3, 3]))];
    await assert.rejects(b.submit(rows([4, 4])), (err: unknown) => err instanceof OverloadedError && err.status === 429 && err.retryAfterSeconds === 1);
    model.release();
    assert.equal((await Promise.all(held)).length, 3);
  });

  it('drops a request whose deadline expires from the queue and rejects it with the reason', async () => {
    const model = fakeModel();
    model.hold();
    const b = new DynamicBatcher({ maxBatch: 8, delayMs: 0, maxQueue: 10, maxInFlight: () => 1, run: model.run });
    const running = b.submit(rows([1, 1]));
    const deadline = new Deadline();
    const queued = b.submit(rows([2, 2]), deadline);
    const kept = b.submit(rows([3, 3]));
    deadline.expire(new Error('timed out'));
    await assert.rejects(queued, /timed out/);
    model.release();
    await Promise.all([running, kept]);
    assert.deepEqual(model.batches, [1, 1]);
  });

  it('rejects every request of a failed batch with its error, and idle() resolves after', async () => {
    const b = new DynamicBatcher({ maxBatch: 8, delayMs: 5, maxQueue: 10, maxInFlight: () => 1, run: () => Promise.reject(new Error('replica gone')) });
    const all = [b.submit(rows([1, 1])), b.submit(rows([2, 2]))];
    for (const p of all) await assert.rejects(p, /replica gone/);
    await b.idle();
    assert.equal(b.inFlight, 0);
  });

  it('batches only requests whose samples have the same shape', async () => {
    const seen: number[][] = [];
    const b = new DynamicBatcher({
      maxBatch: 8, delayMs: 10, maxQueue: 10, maxInFlight: () => 1,
      run: async (batch) => (seen.push([...batch.shape]), batch),
    });
    await Promise.all([b.submit(rows([1, 1])), b.submit(rows([1, 2, 3])), b.submit(rows([4, 4]))]);
    assert.deepEqual(seen, [[1, 2], [1, 3], [1, 2]]);
  });
});
