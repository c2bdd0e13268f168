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

  it('speeds: equal weights until measured, then smoothed; never below a tenth of the fastest', () => {
    const balance = new Balance(3);
    assert.deepEqual(balance.weights(), [1, 1, 1]);
    balance.update([100, 300, 0]);
    assert.deepEqual(balance.weights(), [100, 300, 30]);
    balance.update([200, 300, 1]);
    assert.deepEqual(balance.weights().map((w) => Math.round(w)), [130, 300, 30]);
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
