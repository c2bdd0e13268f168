import assert from 'node:assert/strict';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { describe, it } from 'node:test';
import * as tl from '../../src/index.js';
import { assertThrows } from '../tensor/util.js';

/** n samples: x row i is [i, 10 i], y is i, so every batch can be checked against its labels. */
function samples(n: number): { x: tl.Tensor; y: tl.Tensor } {
  const x = tl.tensor(Array.from({ length: n }, (_, i) => [i, 10 * i]));
  const y = tl.tensor(Int32Array.from({ length: n }, (_, i) => i));
  return { x, y };
}

/** The labels of each batch, checking that x still belongs to y. */
async function labelsOf(batches: AsyncIterable<{ x: tl.Tensor; y: tl.Tensor }>): Promise<number[][]> {
  const out: number[][] = [];
  for await (const { x, y } of batches) {
    const labels = Array.from(y.values);
    assert.deepEqual(x.toArray(), labels.map((i) => [i, 10 * i]));
    out.push(labels);
  }
  return out;
}

const sorted = (a: number[]): number[] => [...a].sort((p, q) => p - q);
const upTo = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

describe('fromTensors and batch', () => {
  it('yields one sample per row, or one record per row', async () => {
    const { x, y } = samples(3);
    const rows = await tl.data.fromTensors(x).toArray();
    assert.deepEqual(rows.map((r) => [r.shape, r.toArray()]), [[[2], [0, 0]], [[2], [1, 10]], [[2], [2, 20]]]);
    const records = await tl.data.fromTensors({ x, y }).toArray();
    assert.deepEqual(records.map((r) => [r.x.toArray(), r.y.shape, r.y.item()]), [[[0, 0], [], 0], [[1, 10], [], 1], [[2, 20], [], 2]]);
  });

  it('stacks along axis 0, a smaller last batch unless dropRemainder; size counts the batches', async () => {
    const data = tl.data.fromTensors(samples(7));
    const batched = data.batch(3);
    assert.deepEqual(await labelsOf(batched), [[0, 1, 2], [3, 4, 5], [6]]);
    assert.equal(batched.size, 3);
    const dropped = data.batch(3, { dropRemainder: true });
    assert.deepEqual(await labelsOf(dropped), [[0, 1, 2], [3, 4, 5]]);
    assert.equal(dropped.size, 2);
  });

  it('a batch of consecutive samples is a view of the source buffer, not a copy', async () => {
    const { x, y } = samples(6);
    const [first, second] = await tl.data.fromTensors({ x, y }).batch(4).toArray();
    assert.equal(first!.x.values.buffer, x.values.buffer);
    assert.equal(second!.y.values.buffer, y.values.buffer);
    assert.deepEqual([first!.x.shape, second!.x.shape], [[4, 2], [2, 2]]);
  });

  it('map applies to samples, and batch then stacks what map returned', async () => {
    const doubled = tl.data.fromTensors(samples(4)).map(({ x, y }) => ({ x: x.mul(2), y }));
    const [batch] = await doubled.batch(4).toArray();
    assert.deepEqual(batch!.x.toArray(), [[0, 0], [2, 20], [4, 40], [6, 60]]);
    assert.deepEqual(await tl.data.fromArray([1, 2, 3]).map((v) => v * v).toArray(), [1, 4, 9]);
  });

  it('take and skip', async () => {
    const data = tl.data.fromArray(upTo(5));
    assert.deepEqual(await data.skip(1).take(3).toArray(), [1, 2, 3]);
    assert.deepEqual([data.take(0).size, await data.take(0).toArray()], [0, []]);
    assert.deepEqual([data.skip(9).size, await data.skip(9).toArray()], [0, []]);
    assert.deepEqual([data.take(9).size, data.skip(2).size], [5, 3]);
  });
});

describe('shuffle', () => {
  const labels = async (data: tl.data.Dataset<number>, epoch: number): Promise<number[]> => {
    const out: number[] = [];
    for await (const v of data.epoch(epoch)) out.push(v);
    return out;
  };

  it('is a permutation, the same for the same seed and epoch, different across epochs and seeds', async () => {
    const a = tl.data.fromArray(upTo(50)).shuffle({ seed: 7 });
    const b = tl.data.fromArray(upTo(50)).shuffle({ seed: 7 });
    const firstEpoch = await a.toArray();
    const secondEpoch = await a.toArray();
    assert.deepEqual(sorted(firstEpoch), upTo(50));
    assert.deepEqual(sorted(secondEpoch), upTo(50));
    assert.notDeepEqual(firstEpoch, upTo(50));
    assert.notDeepEqual(secondEpoch, firstEpoch, 'each epoch is reshuffled');
    assert.deepEqual(await b.toArray(), firstEpoch, 'same seed, same first epoch');
    assert.deepEqual(await labels(b, 1), secondEpoch, 'epoch(1) replays the second epoch');
    assert.notDeepEqual(await labels(tl.data.fromArray(upTo(50)).shuffle({ seed: 8 }), 0), firstEpoch);
  });

  it('without a seed, follows tl.setSeed', async () => {
    tl.setSeed(11);
    const a = await tl.data.fromArray(upTo(20)).shuffle().toArray();
    tl.setSeed(11);
    const b = await tl.data.fromArray(upTo(20)).shuffle().toArray();
    assert.deepEqual(a, b);
  });

  it('a small buffer shuffles locally: position p holds an element below p + bufferSize', async () => {
    const out = await tl.data.fromArray(upTo(40)).shuffle({ seed: 1, bufferSize: 4 }).toArray();
    assert.deepEqual(sorted(out), upTo(40));
    assert.notDeepEqual(out, upTo(40));
    out.forEach((v, p) => assert.ok(v < p + 4, `element ${v} at position ${p}`));
  });

  it('shuffled batches gather rows that keep x with y', async () => {
    const batches = await labelsOf(tl.data.fromTensors(samples(10)).shuffle({ seed: 2 }).batch(4));
    assert.deepEqual(batches.map((b) => b.length), [4, 4, 2]);
    assert.deepEqual(sorted(batches.flat()), upTo(10));
  });
});

describe('shard', () => {
  it('by global batch index: the shards of an epoch visit every sample exactly once, for any count', async () => {
    const data = tl.data.fromTensors(samples(23)).shuffle({ seed: 5 }).batch(3);
    for (const count of [1, 2, 3, 4, 8, 9]) {
      const shards = upTo(count).map((index) => data.shard({ index, count }));
      assert.equal(shards.reduce((n, s) => n + s.size, 0), data.size);
      for (const epoch of [0, 1]) {
        const seen: number[] = [];
        for (const shard of shards) seen.push(...(await labelsOf(shard.epoch(epoch))).flat());
        assert.deepEqual(sorted(seen), upTo(23), `count ${count}, epoch ${epoch}`);
      }
    }
  });

  it('shard index takes batches index, index + count, ...', async () => {
    const data = tl.data.fromArray(upTo(10));
    assert.deepEqual(await data.shard({ index: 1, count: 3 }).toArray(), [1, 4, 7]);
    assert.equal(data.shard({ index: 1, count: 3 }).size, 3);
  });
});

describe('prefetch', () => {
  it('keeps the order while the consumer awaits between elements', async () => {
    const out: number[] = [];
    for await (const v of tl.data.fromArray(upTo(20)).shuffle({ seed: 3 }).prefetch(4)) {
      out.push(v);
      await nextTurn();
    }
    assert.deepEqual(out, await tl.data.fromArray(upTo(20)).shuffle({ seed: 3 }).toArray());
  });

  it('loads ahead of the consumer, up to n elements', async () => {
    let loaded = 0;
    const iterator = tl.data.fromArray(upTo(20)).map((v) => (loaded++, v)).prefetch(3)[Symbol.asyncIterator]();
    assert.deepEqual(await iterator.next(), { value: 0, done: false });
    await nextTurn();
    assert.equal(loaded, 4, 'the consumed element and three ahead');
    await iterator.return!();
  });

  it('passes an error on at its place in the stream', async () => {
    const data = tl.data.fromArray(upTo(10)).map((v) => {
      if (v === 3) throw new RangeError('bad sample 3');
      return v;
    }).prefetch(5);
    const out: number[] = [];
    await assert.rejects(async () => {
      for await (const v of data) out.push(v);
    }, /bad sample 3/);
    assert.deepEqual(out, [0, 1, 2]);
  });
});

describe('bad arguments', () => {
  const data = tl.data.fromArray(upTo(4));

  it('counts and shard positions out of range', () => {
    assertThrows(() => tl.data.fromTensors(samples(4)).batch(0), tl.ArgumentError, /^batch: expected size to be an integer >= 1, found 0$/);
    assertThrows(() => data.take(1.5), tl.ArgumentError, /^take: expected n to be an integer >= 0, found 1.5$/);
    assertThrows(() => data.skip(-1), tl.ArgumentError, /^skip: expected n to be an integer >= 0, found -1$/);
    assertThrows(() => data.prefetch(0), tl.ArgumentError, /^prefetch: expected n to be an integer >= 1/);
    assertThrows(() => data.shuffle({ bufferSize: 0 }), tl.ArgumentError, /^shuffle: expected bufferSize to be an integer >= 1/);
    assertThrows(() => data.shuffle({ seed: NaN }), tl.ArgumentError, /^shuffle: expected a finite seed, found NaN$/);
    assertThrows(() => data.shard({ index: 2, count: 2 }), tl.ArgumentError, /^shard: expected index < count, found index 2 and count 2$/);
    assertThrows(() => data.shard({ index: 0, count: 0 }), tl.ArgumentError, /^shard: expected count to be an integer >= 1, found 0$/);
  });

  it('tensors whose rows do not line up', () => {
    assertThrows(() => tl.data.fromTensors({ x: tl.zeros([3, 2]), y: tl.zeros([4]) }), tl.ShapeError, /^fromTensors: y \[4\] has 4 rows but x has 3; every tensor needs one row per sample$/);
    assertThrows(() => tl.data.fromTensors(tl.scalar(1)), tl.ShapeError, /^fromTensors: x is a scalar/);
    assertThrows(() => tl.data.fromTensors({}), tl.ArgumentError, /^fromTensors: expected at least one tensor/);
  });

  it('batching elements that are not tensors, or do not match', async () => {
    const numbers = tl.data.fromArray([1, 2]) as unknown as tl.data.Dataset<tl.Tensor>;
    await assert.rejects(numbers.batch(2).toArray(), (e: Error) => e instanceof tl.ArgumentError && /^batch: elements must be Tensors or records of Tensors, found number 1$/.test(e.message));
    const ragged = tl.data.fromArray([{ x: tl.zeros([2]) }, { x: tl.zeros([3]) }]);
    await assert.rejects(ragged.batch(2).toArray(), (e: Error) => e instanceof tl.ShapeError && /^batch: element 1\.x is float32 \[3\] but element 0\.x is float32 \[2\]/.test(e.message));
    const renamed = tl.data.fromArray<tl.data.TensorRecord>([{ x: tl.zeros([2]) }, { z: tl.zeros([2]) }]);
    await assert.rejects(renamed.batch(2).toArray(), (e: Error) => e instanceof tl.ArgumentError && /^batch: element 1 does not have the names of element 0 \(x\)$/.test(e.message));
  });
});
