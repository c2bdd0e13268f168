import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as tl from '../../src/index.js';
import { assertThrows } from '../tensor/util.js';

describe('fitStandardizer', () => {
  it('computes the population mean and std of each column (hand-computed)', () => {
    // Column 0: 1, 2, 6 -> mean 3, variance (4 + 1 + 9) / 3 = 14/3. Column 1: -1, 1, 0 -> mean 0, variance 2/3.
    const s = tl.data.fitStandardizer(tl.tensor([[1, -1], [2, 1], [6, 0]]));
    assert.deepEqual(Array.from(s.mean.values), [3, 0]);
    assert.deepEqual(Array.from(s.std.values), [Math.fround(Math.sqrt(14 / 3)), Math.fround(Math.sqrt(2 / 3))]);
  });

  it('applies the fitted statistics to other data; a constant column is centred, not scaled', () => {
    const s = tl.data.fitStandardizer(tl.tensor([[1, 5], [3, 5]]));
    assert.deepEqual(Array.from(s.std.values), [1, 1]);
    assert.deepEqual(s.apply(tl.tensor([[2, 5], [5, 7]])).toArray(), [[0, 0], [3, 2]]);
  });

  it('a constant column whose float64 mean is inexact still gets std 1', () => {
    const s = tl.data.fitStandardizer(tl.tensor([[0.1], [0.1], [0.1]]));
    assert.equal(s.std.values[0], 1);
    assert.ok(Math.abs(s.apply(tl.tensor([[0.1]])).item()) < 1e-7);
  });

  it('refuses what it cannot standardise, saying what it found', () => {
    assertThrows(() => tl.data.fitStandardizer(tl.zeros([4])), tl.ShapeError, /^fitStandardizer: expected a \[rows, features\] tensor, found \[4\]$/);
    assertThrows(() => tl.data.fitStandardizer(tl.zeros([0, 2])), tl.ShapeError, /^fitStandardizer: expected at least one row, found \[0,2\]$/);
    assertThrows(() => tl.data.fitStandardizer(tl.zeros([2, 2], 'int32')), tl.DTypeError, /^fitStandardizer: expected float32 features, found int32$/);
    assertThrows(() => tl.data.fitStandardizer(tl.tensor([[1], [NaN]])), tl.DataError, /^fitStandardizer: expected finite numbers, found NaN at row 1, column 0$/);
    const s = tl.data.fitStandardizer(tl.zeros([2, 3]));
    assertThrows(() => s.apply(tl.zeros([2, 4])), tl.ShapeError, /^Standardizer\.apply: expected a \[rows, 3\] tensor, found \[2,4\]$/);
  });
});
