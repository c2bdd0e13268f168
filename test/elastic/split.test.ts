import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { plannedMembers } from '../../src/elastic/coordinator.js';
import { splitBatch } from '../../src/elastic/split.js';
import { Balance } from '../../src/elastic/worker/balance.js';
import { ArgumentError } from '../../src/index.js';

describe('splitting a global batch', () => {
  it('slices are contiguous, in rank order, and cover every row exactly once, for any weights', () => {
    for (const size of [0, 1, 7, 16, 513]) {
      for (const weights of [[1], [1, 1], [1, 2, 3], [0.001, 1000], [5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5], [1e-9, 1, 1e9]]) {
        const slices = splitBatch(size, weights);
        assert.equal(slices.length, weights.length);
        assert.equal(slices[0]!.start, 0);
        slices.forEach((s, i) => {
          assert.ok(s.end >= s.start);
          if (i > 0) assert.equal(s.start, slices[i - 1]!.end);
        });
        assert.equal(slices.at(-1)!.end, size);
      }
    }
  });

  it('sizes follow the weights (largest remainder; ties to the lower rank)', () => {
    const sizes = (n: number, w: number[]) => splitBatch(n, w).map((s) => s.end - s.start);
    assert.deepEqual(sizes(512, [1, 1]), [256, 256]);
    assert.deepEqual(sizes(512, [1, 3]), [128, 384]);
    assert.deepEqual(sizes(10, [1, 1, 1]), [4, 3, 3]);
    assert.deepEqual(sizes(3, [1, 1, 1, 1]), [1, 1, 1, 0]);
  });

  it('refuses weights that are not positive and finite', () => {
    assert.throws(() => splitBatch(4, []), ArgumentError);
    assert.throws(() => splitBatch(4, [1, 0]), ArgumentError);
    assert.throws(() => splitBatch(4, [1, NaN]), ArgumentError);
    assert.throws(() => splitBatch(-1, [1]), ArgumentError);
  });

  /** The rows each member gets after `steps` steps when a slice of r rows takes fixed + perRow[m] * r seconds. */
  const settle = (perRow: number[], fixed: number, steps = 80): number[] => {
    const balance = new Balance(perRow.length);
    let slices = splitBatch(100, balance.weights());
    for (let s = 0; s < steps; s++) {
      balance.update(slices.map((sl, m) => (sl.end > sl.start ? fixed + perRow[m]! * (sl.end - sl.start) : 0)));
      slices = splitBatch(100, balance.weights());
    }
    return slices.map((sl) => sl.end - sl.start);
  };

  it('balance: equal weights until measured; then slices that take equally long, with or without a fixed cost per step', () => {
    assert.deepEqual(new Balance(3).weights(), [1, 1, 1]);
    for (const fixed of [0, 5]) {
      const [fast, slow] = settle([1, 3], fixed);
      assert.ok(Math.abs(fast! - 75) <= 2 && Math.abs(slow! - 25) <= 2, `fixed cost ${fixed}: ${fast} / ${slow} rows, expected 75 / 25`);
    }
  });

  it('balance: a member is never weighted below a tenth of the largest; unmeasured members keep their weight', () => {
    const [, slow] = settle([1, 1000], 0);
    assert.ok(slow! >= 9, `${slow} rows`);
    const balance = new Balance(3);
    balance.update([1, 4, 0]);
    const [a, b, c] = balance.weights();
    assert.ok(a! > 1 && b! < 1 && Math.abs(a! + b! - 2) < 1e-12 && c === 1, `${a}, ${b}, ${c}`);
  });
});

describe('planning the next generation', () => {
  it('keeps live members in rank order, appends newcomers in join order, caps at max, is empty below min', () => {
    assert.deepEqual(plannedMembers(['a', 'b'], [], 1, 8), ['a', 'b']);
    assert.deepEqual(plannedMembers(['c', 'a', 'b'], ['b', 'a'], 1, 8), ['b', 'a', 'c']);
    assert.deepEqual(plannedMembers(['a', 'c'], ['b', 'a'], 1, 8), ['a', 'c']);
    assert.deepEqual(plannedMembers(['a', 'b', 'c'], ['a'], 1, 2), ['a', 'b']);
    assert.deepEqual(plannedMembers(['a'], ['a', 'b'], 2, 8), []);
  });
});
