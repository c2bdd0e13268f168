import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as tl from '../../src/index.js';
import { assertTensor, assertThrows, u } from './util.js';

describe('Tensor properties', () => {
  it('shape, rank, size and dtype', () => {
    const t = tl.zeros([2, 3, 4]);
    assert.deepEqual([...t.shape], [2, 3, 4]);
    assert.equal(t.rank, 3);
    assert.equal(t.size, 24);
    assert.equal(t.dtype, 'float32');
    const s = tl.scalar(1, 'int32');
    assert.equal(s.rank, 0);
    assert.equal(s.size, 1);
    assert.equal(s.dtype, 'int32');
    assert.equal(tl.zeros([3, 0]).size, 0);
  });

  it('the shape is frozen and not shared with the caller', () => {
    const shape = [2, 2];
    const t = tl.zeros(shape);
    shape[0] = 5;
    assert.deepEqual([...t.shape], [2, 2]);
    assert.ok(Object.isFrozen(t.shape));
  });
});

describe('toArray', () => {
  it('nests by shape in row-major order', () => {
    assert.deepEqual(tl.range(0, 6).reshape([2, 3]).toArray(), [[0, 1, 2], [3, 4, 5]]);
    assert.deepEqual(tl.range(0, 8).reshape([2, 2, 2]).toArray(), [[[0, 1], [2, 3]], [[4, 5], [6, 7]]]);
    assert.deepEqual(tl.range(0, 3).reshape([3, 1]).toArray(), [[0], [1], [2]]);
  });

  it('gives a number for rank 0 and empty arrays for empty tensors', () => {
    assert.equal(tl.scalar(2.5).toArray(), 2.5);
    assert.equal(tl.scalar(-3, 'int32').toArray(), -3);
    assert.deepEqual(tl.zeros([0]).toArray(), []);
    assert.deepEqual(tl.zeros([2, 0]).toArray(), [[], []]);
    assert.deepEqual(tl.zeros([0, 2]).toArray(), []);
  });

  it('reflects the transposed layout, not the original buffer', () => {
    assert.deepEqual(tl.transpose(tl.tensor([[1, 2, 3], [4, 5, 6]])).toArray(), [[1, 4], [2, 5], [3, 6]]);
  });
});

describe('dataSync and data', () => {
  it('return the flat row-major values in the dtype\'s typed array', () => {
    const f = tl.tensor([[1, 2], [3, 4]]).dataSync();
    assert.ok(f instanceof Float32Array);
    assert.deepEqual([...f], [1, 2, 3, 4]);
    const i = tl.tensor([5, 6], [2], 'int32').dataSync();
    assert.ok(i instanceof Int32Array);
    assert.deepEqual([...i], [5, 6]);
  });

  it('return a copy: mutating it does not change the tensor', () => {
    const t = tl.tensor([1, 2, 3]);
    const d = t.dataSync();
    d[0] = 100;
    d.fill(-1);
    assert.deepEqual(t.toArray(), [1, 2, 3]);
    assert.notEqual(t.dataSync(), t.dataSync());
    assert.notEqual(t.dataSync(), t.values);
  });

  it('a copy even for tensors that share a buffer (reshape, detach)', () => {
    const t = tl.tensor([1, 2, 3, 4]);
    const r = t.reshape([2, 2]);
    const d = t.detach();
    r.dataSync()[0] = 9;
    d.dataSync()[1] = 9;
    assert.deepEqual(t.toArray(), [1, 2, 3, 4]);
    assert.deepEqual(r.toArray(), [[1, 2], [3, 4]]);
    assert.deepEqual(d.toArray(), [1, 2, 3, 4]);
  });

  it('data() resolves to a copy too', async () => {
    const t = tl.tensor([1, 2]);
    const d = await t.data();
    assert.deepEqual([...d], [1, 2]);
    d[0] = 7;
    assert.deepEqual(t.toArray(), [1, 2]);
  });
});

describe('item', () => {
  it('returns the single value of any one-element tensor', () => {
    assert.equal(tl.scalar(3.5).item(), 3.5);
    assert.equal(tl.tensor([7], [1], 'int32').item(), 7);
    assert.equal(tl.tensor([[[-2]]]).item(), -2);
    assert.equal(tl.sum(tl.tensor([1, 2, 3])).item(), 6);
  });

  it('refuses tensors with more or fewer than one element, naming the shape', () => {
    assertThrows(() => tl.zeros([2]).item(), tl.ArgumentError, /^item: expected a tensor with one element, found shape \[2\]/);
    assertThrows(() => tl.zeros([0]).item(), tl.ArgumentError, /^item: expected a tensor with one element, found shape \[0\]/);
    assertThrows(() => tl.zeros([1, 2]).item(), tl.ArgumentError, /^item: expected a tensor with one element, found shape \[1,2\]/);
  });
});

describe('toString', () => {
  it('shows dtype, shape and values, one row per line', () => {
    assert.equal(tl.tensor([[1, 2, 3], [4, 5, 6]]).toString(), 'Tensor float32 [2,3]\n[[1, 2, 3],\n [4, 5, 6]]');
    assert.equal(tl.range(1, 9).reshape([2, 2, 2]).toString(), 'Tensor float32 [2,2,2]\n[[[1, 2],\n  [3, 4]],\n [[5, 6],\n  [7, 8]]]');
    assert.equal(tl.tensor([1, -2], [2], 'int32').toString(), 'Tensor int32 [2]\n[1, -2]');
    assert.equal(`${tl.scalar(7, 'int32')}`, 'Tensor int32 []\n7');
  });

  it('prints float32 values readably (6 significant digits, exponents for tiny and huge values)', () => {
    assert.equal(tl.tensor([0.1, 2.5, 1 / 3]).toString(), 'Tensor float32 [3]\n[0.1, 2.5, 0.333333]');
    assert.equal(tl.tensor([1e-7, 1234567.5, -0.00001234, 0.00012345]).toString(), 'Tensor float32 [4]\n[1.0000e-7, 1.2346e+6, -1.2340e-5, 0.00012345]');
    assert.equal(tl.tensor([1e7, -3]).toString(), 'Tensor float32 [2]\n[10000000, -3]');
    assert.equal(tl.tensor([NaN, Infinity, -Infinity]).toString(), 'Tensor float32 [3]\n[NaN, Infinity, -Infinity]');
  });

  it('marks tensors that require a gradient', () => {
    assert.equal(tl.variable([1, 2]).toString(), 'Tensor float32 [2] requiresGrad\n[1, 2]');
    assert.match(tl.mul(tl.variable([1, 2]), 2).toString(), /^Tensor float32 \[2\] requiresGrad\n/);
  });

  it('shows empty tensors', () => {
    assert.equal(tl.zeros([0]).toString(), 'Tensor float32 [0]\n[]');
    assert.equal(tl.zeros([2, 0]).toString(), 'Tensor float32 [2,0]\n[[],\n []]');
  });

  it('summarises long tensors with ... (first and last three entries of long axes)', () => {
    assert.equal(tl.range(0, 2000).toString(), 'Tensor float32 [2000]\n[0, 1, 2, ..., 1997, 1998, 1999]');
    const rows = tl.range(0, 2000).reshape([2, 1000]).toString();
    assert.equal(rows, 'Tensor float32 [2,1000]\n[[0, 1, 2, ..., 997, 998, 999],\n [1000, 1001, 1002, ..., 1997, 1998, 1999]]');
    const tall = tl.range(0, 3000, 1, 'int32').reshape([1000, 3]).toString();
    assert.equal(tall.split('\n').length, 1 + 7, tall);
    assert.match(tall, /^Tensor int32 \[1000,3\]\n\[\[0, 1, 2\],\n \[3, 4, 5\],\n \[6, 7, 8\],\n \.\.\.,\n \[2991, 2992, 2993\],/);
    assert.ok(!tall.includes('1500'), 'middle rows are left out');
  });

  it('does not summarise tensors of up to 1000 elements', () => {
    const s = tl.range(0, 1000).toString();
    assert.ok(!s.includes('...'));
    assert.ok(s.includes(', 500, '));
    assert.ok(s.endsWith('998, 999]'));
  });
});

describe('detach and requiresGrad', () => {
  it('detach keeps the values and cuts the graph', () => {
    const v = tl.variable([1, 2]);
    const y = tl.mul(v, 3);
    const d = y.detach();
    assert.equal(y.requiresGrad, true);
    assert.equal(d.requiresGrad, false);
    assert.equal(d.tapeEntry, null);
    assert.deepEqual(d.toArray(), [3, 6]);
  });

  it('refuses to mark computed tensors and int32 tensors', () => {
    const y = tl.mul(tl.variable([1]), 2);
    assert.throws(() => { y.requiresGrad = true; }, (e: unknown) =>
      e instanceof tl.GradientError && /^requiresGrad: only leaf tensors can be marked; this one was computed by an op/.test(e.message));
    const i = tl.ones([2], 'int32');
    assertThrows(() => { i.requiresGrad = true; }, tl.DTypeError, /^requiresGrad: only float32 tensors can have gradients, this one is int32/);
    i.requiresGrad = false; // unmarking is always allowed
    assert.equal(i.requiresGrad, false);
  });
});

describe('chainable methods call the op of the same name', () => {
  const x = u([2, 3], 601, 0.5, 2);
  const y = u([2, 3], 602, 0.5, 2);
  const same = (a: tl.Tensor, b: tl.Tensor): void => {
    assert.deepEqual([...a.shape], [...b.shape]);
    assert.deepEqual(a.dataSync(), b.dataSync());
  };

  it('arithmetic and math', () => {
    same(x.add(y), tl.add(x, y));
    same(x.sub(1), tl.sub(x, 1));
    same(x.mul(y), tl.mul(x, y));
    same(x.div(y), tl.div(x, y));
    same(x.pow(2), tl.pow(x, 2));
    same(x.neg(), tl.neg(x));
    same(x.abs(), tl.abs(x));
    same(x.square(), tl.square(x));
    same(x.exp(), tl.exp(x));
    same(x.log(), tl.log(x));
    same(x.sqrt(), tl.sqrt(x));
  });

  it('activations, reductions and layout', () => {
    same(x.relu(), tl.relu(x));
    same(x.sigmoid(), tl.sigmoid(x));
    same(x.tanh(), tl.tanh(x));
    same(x.softmax(0), tl.softmax(x, 0));
    same(x.logSoftmax(), tl.logSoftmax(x, -1));
    same(x.sum(1, true), tl.sum(x, 1, true));
    same(x.mean(), tl.mean(x));
    same(x.max(0), tl.max(x, 0));
    same(x.min(-1), tl.min(x, -1));
    same(x.argMax(0), tl.argMax(x, 0));
    same(x.argMin(), tl.argMin(x, -1));
    same(x.matMul(y, false, true), tl.matMul(x, y, false, true));
    same(x.reshape([3, 2]), tl.reshape(x, [3, 2]));
    same(x.transpose(), tl.transpose(x));
    same(x.slice([1, 0], [1, -1]), tl.slice(x, [1, 0], [1, -1]));
    same(x.gather([1, 1], 1), tl.gather(x, [1, 1], 1));
    same(x.flatten(), tl.reshape(x, [6]));
    same(x.cast('int32'), tl.cast(x, 'int32'));
  });
});

describe('cast', () => {
  it('float32 to int32 truncates toward zero', () => {
    assertTensor(tl.cast(tl.tensor([-2.7, -1.5, -0.5, 0.5, 1.5, 2.7, 3]), 'int32'), [7], [-2, -1, 0, 0, 1, 2, 3], 'int32');
    assertTensor(tl.cast(tl.tensor([[9.99], [-9.99]]), 'int32'), [2, 1], [[9], [-9]], 'int32');
  });

  it('int32 to float32 is exact', () => {
    assertTensor(tl.cast(tl.tensor([-3, 0, 16777216], [3], 'int32'), 'float32'), [3], [-3, 0, 16777216]);
  });

  it('keeps rank-0 and empty shapes', () => {
    assertTensor(tl.cast(tl.scalar(-1.9), 'int32'), [], -1, 'int32');
    assertTensor(tl.cast(tl.zeros([2, 0]), 'int32'), [2, 0], [[], []], 'int32');
  });

  it('to the same dtype returns the tensor itself, graph included', () => {
    const x = tl.tensor([1, 2]);
    assert.equal(tl.cast(x, 'float32'), x);
    const g = tl.grad((t) => tl.mul(tl.cast(t, 'float32'), 3).sum())(x);
    assertTensor(g, [2], [3, 3]);
  });

  it('an int32 result is not part of the graph', () => {
    const y = tl.cast(tl.variable([1.5, 2.5]), 'int32');
    assert.equal(y.requiresGrad, false);
    assert.equal(y.tapeEntry, null);
  });

  it('refuses values with no int32 value instead of wrapping them', () => {
    assertThrows(() => tl.cast(tl.tensor([1, NaN]), 'int32'), tl.ArgumentError, /^cast: NaN at flat index 1 has no int32 value/);
    assertThrows(() => tl.cast(tl.tensor([3e9]), 'int32'), tl.ArgumentError, /^cast: 3000000000 at flat index 0/);
    assertThrows(() => tl.cast(tl.tensor([-Infinity]), 'int32'), tl.ArgumentError, /^cast: -Infinity/);
    assertTensor(tl.cast(tl.tensor([-2147483648, 2147483520]), 'int32'), [2], [-2147483648, 2147483520], 'int32');
  });

  it('refuses unknown dtypes and non-tensors, naming cast', () => {
    assertThrows(() => tl.cast(tl.zeros([2]), 'bool' as tl.DType), tl.DTypeError, /^cast: expected dtype 'float32' or 'int32', found "bool"/);
    assertThrows(() => tl.cast([1, 2] as unknown as tl.Tensor, 'int32'), tl.ArgumentError, /^cast: expected x to be a Tensor, found an array/);
  });
});
