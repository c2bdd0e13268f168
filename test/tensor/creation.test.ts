import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as tl from '../../src/index.js';
import { assertTensor, assertThrows } from './util.js';

function stats(values: ArrayLike<number>): { mean: number; std: number; min: number; max: number } {
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    sum += values[i]!;
    min = Math.min(min, values[i]!);
    max = Math.max(max, values[i]!);
  }
  const mean = sum / values.length;
  let sq = 0;
  for (let i = 0; i < values.length; i++) sq += (values[i]! - mean) ** 2;
  return { mean, std: Math.sqrt(sq / values.length), min, max };
}

describe('tensor()', () => {
  it('infers the shape of nested arrays', () => {
    assertTensor(tl.tensor([1, 2, 3]), [3], [1, 2, 3]);
    assertTensor(tl.tensor([[1, 2, 3], [4, 5, 6]]), [2, 3], [[1, 2, 3], [4, 5, 6]]);
    assertTensor(tl.tensor([[[1], [2]], [[3], [4]]]), [2, 2, 1], [[[1], [2]], [[3], [4]]]);
    assertTensor(tl.tensor([[1, 2], [3, 4]], undefined, 'int32'), [2, 2], [[1, 2], [3, 4]], 'int32');
  });

  it('stores float32: values are rounded to the nearest float32', () => {
    const t = tl.tensor([0.1, 1 / 3]);
    assert.ok(t.values instanceof Float32Array);
    assert.deepEqual(t.toArray(), [Math.fround(0.1), Math.fround(1 / 3)]);
  });

  it('takes flat data with a shape, and nested data with a different shape of the same size', () => {
    assertTensor(tl.tensor([1, 2, 3, 4, 5, 6], [2, 3]), [2, 3], [[1, 2, 3], [4, 5, 6]]);
    assertTensor(tl.tensor([[1, 2], [3, 4]], [4]), [4], [1, 2, 3, 4]);
    assertTensor(tl.tensor([1, 2, 3, 4], [2, 1, 2], 'int32'), [2, 1, 2], [[[1, 2]], [[3, 4]]], 'int32');
  });

  it('takes typed arrays: the dtype follows the array, and the data is copied', () => {
    const f = new Float32Array([1.5, 2, 3, 4]);
    const tf = tl.tensor(f, [2, 2]);
    assertTensor(tf, [2, 2], [[1.5, 2], [3, 4]]);
    const i = new Int32Array([7, 8, 9]);
    const ti = tl.tensor(i);
    assertTensor(ti, [3], [7, 8, 9], 'int32');
    f[0] = 100;
    i[0] = 100;
    assert.equal(tf.dataSync()[0], 1.5);
    assert.equal(ti.dataSync()[0], 7);
    assertTensor(tl.tensor(new Int32Array([1, 2]), [2], 'float32'), [2], [1, 2]);
    // Past 2^24 an int32 rounds to float32 as an assignment rounds it.
    assertTensor(tl.tensor(new Int32Array([16777217, 2147483647]), [2], 'float32'), [2], [16777216, 2147483648]);
    assertTensor(tl.tensor(new Float32Array([1, -2]), [2], 'int32'), [2], [1, -2], 'int32');
  });

  it('makes scalars (rank 0) from numbers', () => {
    assertTensor(tl.tensor(5), [], 5);
    assertTensor(tl.tensor(-2, [], 'int32'), [], -2, 'int32');
    assertTensor(tl.tensor(5, [1, 1]), [1, 1], [[5]]);
    assertTensor(tl.scalar(2.5), [], 2.5);
    assertTensor(tl.scalar(3, 'int32'), [], 3, 'int32');
    assert.equal(tl.scalar(4).rank, 0);
    assert.equal(tl.scalar(4).size, 1);
  });

  it('makes empty tensors', () => {
    assertTensor(tl.tensor([]), [0], []);
    assertTensor(tl.tensor([[], []]), [2, 0], [[], []]);
    assertTensor(tl.tensor([], [0, 3]), [0, 3], []);
    assertTensor(tl.tensor(new Float32Array(0), [3, 0, 2]), [3, 0, 2], [[], [], []]);
    assert.equal(tl.tensor([], [4, 0]).size, 0);
  });

  it('keeps NaN and infinities in float32', () => {
    const v = tl.tensor([NaN, Infinity, -Infinity]).dataSync();
    assert.ok(Number.isNaN(v[0]));
    assert.equal(v[1], Infinity);
    assert.equal(v[2], -Infinity);
  });

  it('refuses ragged arrays with a ShapeError naming where', () => {
    assertThrows(() => tl.tensor([[1, 2], [3]]), tl.ShapeError, /^tensor: ragged nested array: data\[0\] has shape \[2\] but data\[1\] has shape \[1\]/);
    assertThrows(() => tl.tensor([[1, 2], 3] as tl.NestedArray), tl.ShapeError, /^tensor: ragged nested array: data\[0\] has shape \[2\] but data\[1\] has shape \[\]/);
    assertThrows(() => tl.tensor([[[1], [2]], [[3]]]), tl.ShapeError, /^tensor: ragged nested array: data\[0\] has shape \[2,1\] but data\[1\] has shape \[1,1\]/);
    assertThrows(() => tl.tensor([[[1, 2]], [[3, 4], [5]]]), tl.ShapeError, /^tensor: ragged nested array: data\[1\]\[0\] has shape \[2\] but data\[1\]\[1\] has shape \[1\]/);
  });

  it('refuses non-numbers with an ArgumentError naming what and where', () => {
    assertThrows(() => tl.tensor([1, 'a'] as unknown as number[]), tl.ArgumentError, /^tensor: expected numbers, found string a at data\[1\]/);
    assertThrows(() => tl.tensor([[1], [null]] as unknown as number[][]), tl.ArgumentError, /^tensor: expected numbers, found null at data\[1\]\[0\]/);
    assertThrows(() => tl.tensor([true] as unknown as number[]), tl.ArgumentError, /^tensor: expected numbers, found boolean true at data\[0\]/);
    assertThrows(() => tl.tensor('abc' as unknown as number), tl.ArgumentError, /^tensor: expected a number, an array or a Float32Array\/Int32Array, found string abc/);
    assertThrows(() => tl.tensor(new Float64Array(2) as unknown as Float32Array), tl.ArgumentError, /^tensor: expected .*found an object \(Float64Array\)/);
    assertThrows(() => tl.tensor(undefined as unknown as number), tl.ArgumentError, /^tensor: expected .*found undefined/);
  });

  it('refuses non-integers and out-of-range values for int32 with an ArgumentError', () => {
    assertThrows(() => tl.tensor([1, 2.5], [2], 'int32'), tl.ArgumentError, /^tensor: dtype int32 needs 32-bit integers, found 2.5 at index 1/);
    assertThrows(() => tl.tensor([NaN], [1], 'int32'), tl.ArgumentError, /^tensor: dtype int32 needs 32-bit integers, found NaN at index 0/);
    assertThrows(() => tl.tensor([2 ** 31], [1], 'int32'), tl.ArgumentError, /^tensor: dtype int32 needs 32-bit integers, found 2147483648 at index 0/);
    assertThrows(() => tl.tensor(new Float32Array([0.5]), [1], 'int32'), tl.ArgumentError, /^tensor: dtype int32 needs 32-bit integers, found 0.5 at index 0/);
    assertTensor(tl.tensor([-(2 ** 31), 2 ** 31 - 1], [2], 'int32'), [2], [-(2 ** 31), 2 ** 31 - 1], 'int32');
  });

  it('refuses shapes that do not fit the data, bad shapes and bad dtypes', () => {
    assertThrows(() => tl.tensor([1, 2, 3], [2, 2]), tl.ShapeError, /^tensor: shape \[2,2\] needs 4 values, found 3/);
    assertThrows(() => tl.tensor([[1, 2], [3, 4]], [3]), tl.ShapeError, /^tensor: shape \[3\] needs 3 values, found 4/);
    assertThrows(() => tl.tensor(5, [2]), tl.ShapeError, /^tensor: shape \[2\] needs 2 values, found 1/);
    assertThrows(() => tl.tensor([1, 2, 3, 4], [2, -2]), tl.ShapeError, /^tensor: expected a shape of non-negative integers, found \[2,-2\]/);
    assertThrows(() => tl.tensor([1, 2], [2.5]), tl.ShapeError, /^tensor: expected a shape of non-negative integers, found \[2.5\]/);
    assertThrows(() => tl.tensor([1], [1], 'float64' as tl.DType), tl.DTypeError, /^tensor: expected dtype 'float32' or 'int32', found "float64"/);
  });
});

describe('zeros, ones, fill, zerosLike, onesLike', () => {
  it('fill the shape with the value in the dtype', () => {
    assertTensor(tl.zeros([2, 3]), [2, 3], [[0, 0, 0], [0, 0, 0]]);
    assertTensor(tl.ones([3], 'int32'), [3], [1, 1, 1], 'int32');
    assertTensor(tl.fill([2, 2], 2.5), [2, 2], [[2.5, 2.5], [2.5, 2.5]]);
    assertTensor(tl.fill([2], -7, 'int32'), [2], [-7, -7], 'int32');
    assertTensor(tl.fill([], 4), [], 4);
    assertTensor(tl.zeros([]), [], 0);
    assertTensor(tl.ones([0, 3]), [0, 3], []);
    const nan = tl.fill([2], NaN).dataSync();
    assert.ok(Number.isNaN(nan[0]) && Number.isNaN(nan[1]));
  });

  it('zerosLike and onesLike name themselves when given a non-tensor', () => {
    assertThrows(() => tl.zerosLike([1, 2] as unknown as tl.Tensor), tl.ArgumentError, /^zerosLike: expected x to be a Tensor, found an array/);
    assertThrows(() => tl.onesLike(null as unknown as tl.Tensor), tl.ArgumentError, /^onesLike: expected x to be a Tensor, found null/);
  });

  it('zerosLike and onesLike copy shape and dtype', () => {
    assertTensor(tl.zerosLike(tl.tensor([[1, 2]], [1, 2], 'int32')), [1, 2], [[0, 0]], 'int32');
    assertTensor(tl.onesLike(tl.tensor([[1], [2]])), [2, 1], [[1], [1]]);
    assertTensor(tl.onesLike(tl.scalar(9)), [], 1);
  });

  it('refuse bad shapes, dtypes and values under their own names', () => {
    assertThrows(() => tl.zeros([2, -1]), tl.ShapeError, /^zeros: expected a shape of non-negative integers, found \[2,-1\]/);
    assertThrows(() => tl.ones([1.5]), tl.ShapeError, /^ones: expected a shape of non-negative integers, found \[1.5\]/);
    assertThrows(() => tl.fill(3 as unknown as number[], 1), tl.ShapeError, /^fill: expected a shape of non-negative integers, found 3/);
    assertThrows(() => tl.zeros([2], 'bool' as tl.DType), tl.DTypeError, /^zeros: expected dtype 'float32' or 'int32', found "bool"/);
    assertThrows(() => tl.fill([2], 1.5, 'int32'), tl.ArgumentError, /^fill: dtype int32 needs 32-bit integers, found 1.5/);
    assertThrows(() => tl.fill([2], '1' as unknown as number), tl.ArgumentError, /^fill: expected numbers, found string 1/);
  });
});

describe('range', () => {
  it('counts [start, stop) in steps', () => {
    assertTensor(tl.range(0, 5), [5], [0, 1, 2, 3, 4]);
    assertTensor(tl.range(2, 4), [2], [2, 3]);
    assertTensor(tl.range(0, 1, 0.25), [4], [0, 0.25, 0.5, 0.75]);
    assertTensor(tl.range(5, 0, -2), [3], [5, 3, 1]);
    assertTensor(tl.range(-1, 2, 1, 'int32'), [3], [-1, 0, 1], 'int32');
    assertTensor(tl.range(0, 0.3, 0.1), [3], [0, Math.fround(0.1), Math.fround(0.2)]);
  });

  it('is empty when the step points away from stop', () => {
    assertTensor(tl.range(5, 0), [0], []);
    assertTensor(tl.range(0, 5, -1), [0], []);
    assertTensor(tl.range(3, 3), [0], []);
  });

  it('refuses a zero or non-finite step and fractions for int32, naming range', () => {
    assertThrows(() => tl.range(0, 5, 0), tl.ArgumentError, /^range: expected finite start, stop and a non-zero step, found 0, 5, 0/);
    assertThrows(() => tl.range(0, Infinity), tl.ArgumentError, /^range: expected finite start, stop and a non-zero step, found 0, Infinity, 1/);
    assertThrows(() => tl.range(NaN, 3), tl.ArgumentError, /^range: expected finite start, stop and a non-zero step, found NaN, 3, 1/);
    assertThrows(() => tl.range(0, 2, 0.5, 'int32'), tl.ArgumentError, /^range: dtype int32 needs 32-bit integers, found 0.5 at index 1/);
    assertThrows(() => tl.range(0, 2, 1, 'int64' as tl.DType), tl.DTypeError, /^range: expected dtype 'float32' or 'int32', found "int64"/);
  });
});

describe('variable', () => {
  it('makes a float32 leaf that requires a gradient', () => {
    const v = tl.variable([[1, 2], [3, 4]]);
    assertTensor(v, [2, 2], [[1, 2], [3, 4]]);
    assert.equal(v.requiresGrad, true);
    assert.equal(v.tapeEntry, null);
    assert.equal(v.grad, null);
    assertTensor(tl.variable([1, 2, 3, 4], [2, 2]), [2, 2], [[1, 2], [3, 4]]);
    assertTensor(tl.variable(3), [], 3);
  });

  it('from a tensor: same values, a new leaf, the original left unmarked', () => {
    const x = tl.tensor([1, 2]);
    const v = tl.variable(x);
    assert.notEqual(v, x);
    assert.equal(v.requiresGrad, true);
    assert.equal(x.requiresGrad, false);
    assert.deepEqual(v.toArray(), [1, 2]);
  });

  it('gets its gradient from backward', () => {
    const v = tl.variable([1, 2, 3]);
    tl.square(v).sum().backward();
    assertTensor(v.grad!, [3], [2, 4, 6]);
  });

  it('refuses int32 data', () => {
    assertThrows(() => tl.variable(new Int32Array([1, 2])), tl.DTypeError, /^requiresGrad: only float32 tensors can have gradients, this one is int32/);
    assertThrows(() => tl.variable(tl.ones([2], 'int32')), tl.DTypeError, /^requiresGrad: only float32 tensors can have gradients, this one is int32/);
  });
});

describe('randomNormal and randomUniform', () => {
  it('are reproducible with a seed, and differ between seeds', () => {
    const a = tl.randomNormal([5, 4], 0, 1, 'float32', 42).dataSync();
    const b = tl.randomNormal([5, 4], 0, 1, 'float32', 42).dataSync();
    const c = tl.randomNormal([5, 4], 0, 1, 'float32', 43).dataSync();
    assert.deepEqual(a, b);
    assert.notDeepEqual(a, c);
    const d = tl.randomUniform([7], -1, 1, 'float32', 42).dataSync();
    assert.deepEqual(d, tl.randomUniform([7], -1, 1, 'float32', 42).dataSync());
    assert.notDeepEqual(d, tl.randomUniform([7], -1, 1, 'float32', 7).dataSync());
    const e = tl.randomUniform([9], 0, 100, 'int32', 42).dataSync();
    assert.deepEqual(e, tl.randomUniform([9], 0, 100, 'int32', 42).dataSync());
  });

  it('are reproducible from tl.setSeed, as a sequence', () => {
    tl.setSeed(2024);
    const n1 = tl.randomNormal([3]).dataSync(); // odd: leaves a spare normal behind
    const u1 = tl.randomUniform([4]).dataSync();
    const n2 = tl.randomNormal([3]).dataSync();
    tl.setSeed(2024);
    assert.deepEqual(tl.randomNormal([3]).dataSync(), n1);
    assert.deepEqual(tl.randomUniform([4]).dataSync(), u1);
    assert.deepEqual(tl.randomNormal([3]).dataSync(), n2);
    assert.notDeepEqual(n1, n2);
    tl.setSeed(2025);
    assert.notDeepEqual(tl.randomNormal([3]).dataSync(), n1);
  });

  it('an explicit seed does not advance the global generator', () => {
    tl.setSeed(11);
    const expected = tl.randomUniform([5]).dataSync();
    tl.setSeed(11);
    tl.randomUniform([5], 0, 1, 'float32', 99);
    tl.randomNormal([5], 0, 1, 'float32', 99);
    assert.deepEqual(tl.randomUniform([5]).dataSync(), expected);
  });

  it('randomNormal: sample mean and standard deviation of 10,000 samples', () => {
    const standard = stats(tl.randomNormal([100, 100], 0, 1, 'float32', 1).dataSync());
    assert.ok(Math.abs(standard.mean) < 0.05, `mean ${standard.mean}`);
    assert.ok(Math.abs(standard.std - 1) < 0.05, `std ${standard.std}`);
    const shifted = stats(tl.randomNormal([10000], 3, 2, 'float32', 2).dataSync());
    assert.ok(Math.abs(shifted.mean - 3) < 0.1, `mean ${shifted.mean}`);
    assert.ok(Math.abs(shifted.std - 2) < 0.1, `std ${shifted.std}`);
    assert.ok(shifted.min < -1 && shifted.max > 7, 'tails reach beyond 2 standard deviations');
  });

  it('randomUniform: within [minval, maxval), with the right mean and standard deviation', () => {
    const s = stats(tl.randomUniform([10000], -1, 3, 'float32', 3).dataSync());
    assert.ok(s.min >= -1 && s.max < 3, `range [${s.min}, ${s.max}]`);
    assert.ok(s.min < -0.99 && s.max > 2.99, 'covers the whole interval');
    assert.ok(Math.abs(s.mean - 1) < 0.05, `mean ${s.mean}`);
    assert.ok(Math.abs(s.std - 4 / Math.sqrt(12)) < 0.05, `std ${s.std}`);
  });

  it('int32 randomUniform: integers in [minval, maxval), every one of them drawn about equally often', () => {
    const v = tl.randomUniform([10000], -3, 4, 'int32', 4);
    assert.equal(v.dtype, 'int32');
    const counts = new Map<number, number>();
    for (const x of v.dataSync()) counts.set(x, (counts.get(x) ?? 0) + 1);
    assert.deepEqual([...counts.keys()].sort((a, b) => a - b), [-3, -2, -1, 0, 1, 2, 3]);
    for (const [value, count] of counts) assert.ok(Math.abs(count - 10000 / 7) < 200, `${value} drawn ${count} times`);
    // Fractional bounds: the integers inside [-2.5, 2.5) are -2 ... 2.
    const f = tl.randomUniform([2000], -2.5, 2.5, 'int32', 5).dataSync();
    assert.deepEqual([...new Set(f)].sort((a, b) => a - b), [-2, -1, 0, 1, 2]);
  });

  it('shapes: rank 0 and empty', () => {
    assert.deepEqual([...tl.randomNormal([], 0, 1, 'float32', 1).shape], []);
    assert.equal(tl.randomUniform([2, 0, 3], 0, 1, 'float32', 1).size, 0);
    assertTensor(tl.randomNormal([3], 5, 0, 'float32', 1), [3], [5, 5, 5]);
  });

  it('refuse bad parameters, shapes and dtypes, naming the op', () => {
    assertThrows(() => tl.randomNormal([2], 0, -1), tl.ArgumentError, /^randomNormal: expected a finite mean and stdDev >= 0, found mean 0, stdDev -1/);
    assertThrows(() => tl.randomNormal([2], NaN, 1), tl.ArgumentError, /^randomNormal: expected a finite mean and stdDev >= 0, found mean NaN, stdDev 1/);
    assertThrows(() => tl.randomUniform([2], 1, 1), tl.ArgumentError, /^randomUniform: expected finite minval < maxval, found 1, 1/);
    assertThrows(() => tl.randomUniform([2], 0, Infinity), tl.ArgumentError, /^randomUniform: expected finite minval < maxval, found 0, Infinity/);
    assertThrows(() => tl.randomUniform([2], 0.2, 0.8, 'int32'), tl.ArgumentError, /^randomUniform: no int32 value lies in \[0.2, 0.8\)/);
    assertThrows(() => tl.randomNormal([-1]), tl.ShapeError, /^randomNormal: expected a shape of non-negative integers, found \[-1\]/);
    assertThrows(() => tl.randomUniform([2], 0, 1, 'float16' as tl.DType), tl.DTypeError, /^randomUniform: expected dtype 'float32' or 'int32', found "float16"/);
    assertThrows(() => tl.randomNormal([2], 0, 1, 'float32', NaN), tl.ArgumentError, /^seed: expected a finite number, found NaN/);
  });
});
