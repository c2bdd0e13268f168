import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as tl from '../../src/index.js';
import { assertThrows } from '../tensor/util.js';

const n = 10;
const data = {
  x: tl.tensor(Array.from({ length: n }, (_, i) => [i, -i])),
  y: tl.tensor(Int32Array.from({ length: n }, (_, i) => i)),
};

describe('trainTestSplit', () => {
  it('holds out round(n * testSplit) rows at random; together the splits hold every row once, in order', () => {
    const { train, test } = tl.data.trainTestSplit(data, { testSplit: 0.25, seed: 4 });
    const trainRows = Array.from(train.y.values);
    const testRows = Array.from(test.y.values);
    assert.deepEqual([trainRows.length, testRows.length], [7, 3]);
    assert.deepEqual([...trainRows, ...testRows].sort((a, b) => a - b), Array.from({ length: n }, (_, i) => i));
    for (const rows of [trainRows, testRows]) assert.deepEqual(rows, [...rows].sort((a, b) => a - b));
    assert.notDeepEqual(testRows, [0, 1, 2]);
    assert.deepEqual(test.x.toArray(), testRows.map((i) => [i, -i]), 'x rows go with their labels');
  });

  it('is the same for the same seed', () => {
    const a = tl.data.trainTestSplit(data, { testSplit: 0.3, seed: 9 });
    const b = tl.data.trainTestSplit(data, { testSplit: 0.3, seed: 9 });
    assert.deepEqual(a.test.y.toArray(), b.test.y.toArray());
  });

  it('refuses fractions that leave a split empty, and rows that do not line up', () => {
    assertThrows(() => tl.data.trainTestSplit(data, { testSplit: 1 }), tl.ArgumentError, /^trainTestSplit: expected testSplit strictly between 0 and 1, found 1$/);
    assertThrows(() => tl.data.trainTestSplit(data, { testSplit: 0.01 }), tl.ArgumentError, /^trainTestSplit: testSplit 0.01 of 10 rows gives 0 test rows, leaving one split empty$/);
    assertThrows(() => tl.data.trainTestSplit({ x: data.x, y: tl.zeros([9]) }, { testSplit: 0.5 }), tl.ShapeError, /^trainTestSplit: y \[9\] has 9 rows but x has 10/);
  });
});
