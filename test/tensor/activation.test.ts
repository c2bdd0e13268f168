import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as tl from '../../src/index.js';
import { assertClose, checkOp } from '../helpers/opCheck.js';
import * as ref from '../helpers/reference.js';
import { assertTensor, assertThrows, awayFromZero, u } from './util.js';

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));
const relu = (x: number): number => (x > 0 ? x : 0);

const ELEMENTWISE: [tl.Activation, (x: tl.Tensor) => tl.Tensor, (x: number) => number][] = [
  ['relu', tl.relu, relu],
  ['sigmoid', tl.sigmoid, sigmoid],
  ['tanh', tl.tanh, Math.tanh],
];
const SHAPES: number[][] = [[2, 3], [], [0, 4], [3, 0, 2], [2, 1, 3]];

describe('relu, sigmoid, tanh', () => {
  for (const [name, op, f] of ELEMENTWISE) {
    for (const shape of SHAPES) {
      it(`${name} ${JSON.stringify(shape)}: values and gradients`, () => {
        // Away from zero: relu's kink would spoil the finite differences.
        checkOp({ op, reference: (x) => ref.map(x, f), inputs: [awayFromZero(shape, 11)] });
      });
    }
  }

  it('hand-computed values', () => {
    assertTensor(tl.relu(tl.tensor([[-1, 0], [2.5, -0.5]])), [2, 2], [[0, 0], [2.5, 0]]);
    assertTensor(tl.sigmoid(tl.tensor([0])), [1], [0.5]);
    assertClose(tl.sigmoid(tl.tensor([2, -2])).dataSync(), [sigmoid(2), sigmoid(-2)], 1e-6, 0, 'sigmoid');
    assertTensor(tl.tanh(tl.tensor([0])), [1], [0]);
    assertClose(tl.tanh(tl.tensor([0.5, -1])).dataSync(), [Math.tanh(0.5), Math.tanh(-1)], 1e-6, 0, 'tanh');
  });

  it('saturate without overflow or NaN at large inputs', () => {
    const s = tl.sigmoid(tl.tensor([-1000, -100, 100, 1000])).dataSync();
    assert.deepEqual([s[0], s[2], s[3]], [0, 1, 1]);
    assert.ok(s[1]! >= 0 && s[1]! < 1e-40, `sigmoid(-100) = ${s[1]}`);
    assert.deepEqual(tl.tanh(tl.tensor([-1000, 1000])).toArray(), [-1, 1]);
    assertTensor(tl.grad((x) => tl.sigmoid(x).sum())(tl.tensor([-1000, 1000])), [2], [0, 0]);
  });

  it('relu has gradient 0 at 0 (and 1 above it)', () => {
    assertTensor(tl.grad((x) => tl.relu(x).sum())(tl.tensor([-1, 0, 2])), [3], [0, 0, 1]);
  });

  it('sigmoid and tanh gradients at 0 are 1/4 and 1', () => {
    assertTensor(tl.grad((x) => tl.sigmoid(x).sum())(tl.scalar(0)), [], 0.25);
    assertTensor(tl.grad((x) => tl.tanh(x).sum())(tl.scalar(0)), [], 1);
  });

  it('relu keeps int32; sigmoid and tanh refuse it', () => {
    assertTensor(tl.relu(tl.tensor([-3, 0, 4], [3], 'int32')), [3], [0, 0, 4], 'int32');
    const x = tl.ones([2], 'int32');
    assertThrows(() => tl.sigmoid(x), tl.DTypeError, /^sigmoid: expected x to be float32, found int32/);
    assertThrows(() => tl.tanh(x), tl.DTypeError, /^tanh: expected x to be float32, found int32/);
  });

  it('refuse non-tensors, naming the op', () => {
    assertThrows(() => tl.relu(1 as unknown as tl.Tensor), tl.ArgumentError, /^relu: expected x to be a Tensor, found number 1/);
    assertThrows(() => tl.sigmoid(undefined as unknown as tl.Tensor), tl.ArgumentError, /^sigmoid: expected x to be a Tensor, found undefined/);
    assertThrows(() => tl.tanh({} as unknown as tl.Tensor), tl.ArgumentError, /^tanh: expected x to be a Tensor, found an object \(Object\)/);
  });
});

describe('softmax and logSoftmax', () => {
  const ops: ['softmax' | 'logSoftmax', (x: tl.Tensor, axis?: number) => tl.Tensor, (x: ref.NDArray, axis: number) => ref.NDArray][] = [
    ['softmax', tl.softmax, ref.softmax],
    ['logSoftmax', tl.logSoftmax, ref.logSoftmax],
  ];
  const axisCases: [number[], number][] = [
    [[5], 0],
    [[5], -1],
    [[2, 3, 4], 0],
    [[2, 3, 4], 1],
    [[2, 3, 4], 2],
    [[2, 3, 4], -1],
    [[2, 3, 4], -2],
    [[2, 3, 4], -3],
    [[3, 1], 1], // an axis of length 1: softmax is 1, logSoftmax 0, gradients 0
    [[0, 3], 1], // empty outer
    [[2, 0], 0], // empty inner
    [[2, 0], 1], // empty axis
  ];
  for (const [name, op, reference] of ops) {
    for (const [shape, axis] of axisCases) {
      it(`${name} ${JSON.stringify(shape)} axis ${axis}: values and gradients`, () => {
        checkOp({ op: (x) => op(x, axis), reference: (x) => reference(x, axis), inputs: [u(shape, 21, -3, 3)] });
      });
    }
    it(`${name} defaults to the last axis`, () => {
      const x = u([3, 4], 22);
      assert.deepEqual(op(x).dataSync(), op(x, 1).dataSync());
      assert.notDeepEqual(op(x).dataSync(), op(x, 0).dataSync());
    });
  }

  it('hand-computed values', () => {
    assertClose(tl.softmax(tl.tensor([0, Math.log(3)])).dataSync(), [0.25, 0.75], 1e-6, 1e-7, 'softmax');
    assertClose(tl.logSoftmax(tl.tensor([0, Math.log(3)])).dataSync(), [Math.log(0.25), Math.log(0.75)], 1e-6, 1e-7, 'logSoftmax');
    // Along axis 0 each column is normalised on its own.
    assertClose(tl.softmax(tl.tensor([[1, 5], [1, 5]]), 0).dataSync(), [0.5, 0.5, 0.5, 0.5], 0, 1e-7, 'softmax axis 0');
  });

  it('are stable for huge logits (shifted by the maximum)', () => {
    assertClose(tl.softmax(tl.tensor([1000, 1000, -1000])).dataSync(), [0.5, 0.5, 0], 0, 1e-7, 'softmax');
    assertClose(tl.logSoftmax(tl.tensor([1000, 0])).dataSync(), [0, -1000], 1e-6, 1e-6, 'logSoftmax');
    const y = tl.logSoftmax(tl.tensor([[-1e4, 1e4, 0]])).dataSync();
    assert.ok(y.every(Number.isFinite), `logSoftmax gave ${y}`);
  });

  it('softmax sums to 1 along its axis and logSoftmax = log(softmax)', () => {
    const x = u([2, 3, 4], 23, -5, 5);
    for (const axis of [0, 1, 2, -1]) {
      const sums = tl.sum(tl.softmax(x, axis), axis).dataSync();
      assertClose(sums, new Float64Array(sums.length).fill(1), 1e-6, 0, `softmax axis ${axis} sums`);
      assertClose(tl.logSoftmax(x, axis).dataSync(), tl.log(tl.softmax(x, axis)).dataSync(), 1e-5, 1e-6, `logSoftmax axis ${axis}`);
    }
  });

  it('softmax gradient of a sum is zero (the outputs always sum to 1)', () => {
    const g = tl.grad((x) => tl.softmax(x, 0).sum())(u([4, 2], 24));
    assertClose(g.dataSync(), new Float64Array(8), 0, 1e-6, 'gradient');
  });

  it('refuse scalars, bad axes and int32, naming the op', () => {
    assertThrows(() => tl.softmax(tl.scalar(1)), tl.ArgumentError, /^softmax: expected a tensor of rank >= 1, found a scalar/);
    assertThrows(() => tl.logSoftmax(tl.scalar(1)), tl.ArgumentError, /^logSoftmax: expected a tensor of rank >= 1, found a scalar/);
    assertThrows(() => tl.softmax(tl.zeros([2, 3]), 2), tl.ArgumentError, /^softmax: axis 2 is out of range for a tensor of rank 2/);
    assertThrows(() => tl.logSoftmax(tl.zeros([2, 3]), -3), tl.ArgumentError, /^logSoftmax: axis -3 is out of range for a tensor of rank 2/);
    assertThrows(() => tl.softmax(tl.zeros([2, 3]), 0.5), tl.ArgumentError, /^softmax: axis 0.5 is out of range for a tensor of rank 2/);
    assertThrows(() => tl.softmax(tl.zeros([2], 'int32')), tl.DTypeError, /^softmax: expected x to be float32, found int32/);
    assertThrows(() => tl.logSoftmax(tl.zeros([2], 'int32')), tl.DTypeError, /^logSoftmax: expected x to be float32, found int32/);
    assertThrows(() => tl.logSoftmax([1, 2] as unknown as tl.Tensor), tl.ArgumentError, /^logSoftmax: expected x to be a Tensor, found an array/);
  });
});

describe('activate', () => {
  const all: [tl.Activation, (x: number) => number][] = [
    ['linear', (x) => x],
    ['relu', relu],
    ['sigmoid', sigmoid],
    ['tanh', Math.tanh],
  ];
  for (const [name, f] of all) {
    it(`${name}: values and gradients`, () => {
      checkOp({ op: (x) => tl.activate(x, name), reference: (x) => ref.map(x, f), inputs: [awayFromZero([3, 4], 31)] });
      checkOp({ op: (x) => tl.activate(x, name), reference: (x) => ref.map(x, f), inputs: [awayFromZero([], 32)] });
      checkOp({ op: (x) => tl.activate(x, name), reference: (x) => ref.map(x, f), inputs: [awayFromZero([0, 2], 33)] });
    });
  }

  it('matches the op of the same name, and linear is the identity', () => {
    const x = u([2, 3], 34);
    assert.deepEqual(tl.activate(x, 'relu').dataSync(), tl.relu(x).dataSync());
    assert.deepEqual(tl.activate(x, 'sigmoid').dataSync(), tl.sigmoid(x).dataSync());
    assert.deepEqual(tl.activate(x, 'tanh').dataSync(), tl.tanh(x).dataSync());
    assert.equal(tl.activate(x, 'linear'), x);
    assert.deepEqual(x.activate('tanh').dataSync(), tl.tanh(x).dataSync());
  });

  it('refuses unknown names, including names inherited from Object.prototype', () => {
    const x = tl.zeros([2]);
    for (const name of ['gelu', 'Relu', '', 'toString', 'constructor', '__proto__', 'hasOwnProperty']) {
      assertThrows(() => tl.activate(x, name as tl.Activation), tl.ArgumentError,
        new RegExp(`^activate: unknown activation ${JSON.stringify(name).replace(/[$()*+.?[\\\]^{|}]/g, '\\$&')}; expected one of linear, relu, sigmoid, tanh`));
    }
  });
});
