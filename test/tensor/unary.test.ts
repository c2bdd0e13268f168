import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as tl from '../../src/index.js';
import { assertClose, checkOp } from '../helpers/opCheck.js';
import * as ref from '../helpers/reference.js';
import { assertTensor, assertThrows, awayFromZero, u } from './util.js';

type Unary = (x: tl.Tensor) => tl.Tensor;

/** name, op, float64 function, input generator (kept inside the op's smooth domain). */
const CASES: [string, Unary, (x: number) => number, (shape: number[], seed: number) => tl.Tensor][] = [
  ['neg', tl.neg, (x) => -x, u],
  ['abs', tl.abs, Math.abs, awayFromZero],
  ['square', tl.square, (x) => x * x, u],
  ['exp', tl.exp, Math.exp, u],
  ['log', tl.log, Math.log, (s, seed) => u(s, seed, 0.2, 3)],
  ['sqrt', tl.sqrt, Math.sqrt, (s, seed) => u(s, seed, 0.2, 3)],
];

// Rank 0, an empty tensor (a 0 in the shape), and ordinary ranks.
const SHAPES: number[][] = [[2, 3], [], [0, 3], [2, 0, 4], [5], [2, 1, 3]];

describe('unary ops: values and gradients against float64', () => {
  for (const [name, op, f, gen] of CASES) {
    for (const shape of SHAPES) {
      it(`${name} ${JSON.stringify(shape)}`, () => {
        checkOp({ op, reference: (x) => ref.map(x, f), inputs: [gen(shape, 7)] });
      });
    }
  }

  it('sign: values against Math.sign on every shape', () => {
    for (const shape of SHAPES) {
      checkOp({ op: tl.sign, reference: (x) => ref.map(x, Math.sign), inputs: [awayFromZero(shape, 3)], wrt: [] });
    }
  });
});

describe('unary ops: hand-computed values', () => {
  it('neg, abs, square, sqrt on exact values', () => {
    assertTensor(tl.neg(tl.tensor([1, -2.5, 3])), [3], [-1, 2.5, -3]);
    assertTensor(tl.abs(tl.tensor([[-1.5, 0], [2, -7]])), [2, 2], [[1.5, 0], [2, 7]]);
    assertTensor(tl.square(tl.tensor([-3, 0.5, 0])), [3], [9, 0.25, 0]);
    assertTensor(tl.sqrt(tl.tensor([4, 0, 2.25])), [3], [2, 0, 1.5]);
  });

  it('exp and log invert each other and hit known points', () => {
    assertClose(tl.exp(tl.tensor([0, 1, -1])).dataSync(), [1, Math.E, 1 / Math.E], 1e-6, 0, 'exp');
    assertClose(tl.log(tl.tensor([1, Math.E, 0.5])).dataSync(), [0, 1, Math.log(0.5)], 1e-6, 1e-7, 'log');
    const x = tl.tensor([-3, 0.25, 4]);
    assertClose(tl.log(tl.exp(x)).dataSync(), x.dataSync(), 1e-6, 1e-6, 'log(exp(x))');
  });

  it('sign gives -1, 0, 1', () => {
    assertTensor(tl.sign(tl.tensor([-2, 0, 3.5, -0.001])), [4], [-1, 0, 1, -1]);
  });

  it('rank-0 inputs give rank-0 outputs', () => {
    const x = tl.scalar(-4);
    for (const [op, expected] of [[tl.neg, 4], [tl.abs, 4], [tl.square, 16], [tl.sign, -1]] as [Unary, number][]) {
      const y = op(x);
      assert.deepEqual([...y.shape], []);
      assert.equal(y.item(), expected);
    }
    assert.equal(tl.sqrt(tl.scalar(9)).item(), 3);
  });

  it('IEEE edge values: log(0) = -Infinity, log/sqrt of negatives are NaN, exp overflows float32 to Infinity', () => {
    const l = tl.log(tl.tensor([0, -1])).dataSync();
    assert.equal(l[0], -Infinity);
    assert.ok(Number.isNaN(l[1]));
    assert.ok(Number.isNaN(tl.sqrt(tl.tensor([-1])).dataSync()[0]));
    assert.equal(tl.exp(tl.tensor([100])).dataSync()[0], Infinity);
    assert.equal(tl.exp(tl.tensor([-200])).dataSync()[0], 0);
  });

  it('empty tensors keep their shape', () => {
    for (const op of [tl.neg, tl.abs, tl.square, tl.exp, tl.log, tl.sqrt, tl.sign]) {
      const y = op(tl.zeros([3, 0]));
      assert.deepEqual([...y.shape], [3, 0]);
      assert.equal(y.size, 0);
    }
  });
});

describe('unary ops: dtypes', () => {
  it('neg, abs, square and sign keep int32', () => {
    const x = tl.tensor([3, -4, 0], [3], 'int32');
    assertTensor(tl.neg(x), [3], [-3, 4, 0], 'int32');
    assertTensor(tl.abs(x), [3], [3, 4, 0], 'int32');
    assertTensor(tl.square(x), [3], [9, 16, 0], 'int32');
    assertTensor(tl.sign(x), [3], [1, -1, 0], 'int32');
  });

  it('exp, log and sqrt refuse int32 rather than truncate', () => {
    const x = tl.tensor([1, 2], [2], 'int32');
    assertThrows(() => tl.exp(x), tl.DTypeError, /^exp: expected x to be float32, found int32/);
    assertThrows(() => tl.log(x), tl.DTypeError, /^log: expected x to be float32, found int32/);
    assertThrows(() => tl.sqrt(x), tl.DTypeError, /^sqrt: expected x to be float32, found int32/);
  });
});

describe('unary ops: gradients at special points', () => {
  it('abs has gradient 0 at 0 and sign(x) elsewhere', () => {
    assertTensor(tl.grad((x) => tl.abs(x).sum())(tl.tensor([-2, 0, 3])), [3], [-1, 0, 1]);
  });

  it('sign is not recorded: its gradient is zero and its output needs no gradient', () => {
    const x = tl.variable([-1, 2]);
    const y = tl.sign(x);
    assert.equal(y.requiresGrad, false);
    assertTensor(tl.grad((t) => tl.sign(t).sum())(tl.tensor([-1, 2])), [2], [0, 0]);
  });

  it('gradients flow through a chain of unary ops (d/dx sqrt(exp(x)^2) = exp(x))', () => {
    const x = tl.tensor([-1, 0.5, 2]);
    const g = tl.grad((t) => tl.sqrt(tl.square(tl.exp(t))).sum())(x);
    assertClose(g.dataSync(), [Math.exp(-1), Math.exp(0.5), Math.exp(2)], 1e-5, 0, 'gradient');
  });
});

describe('unary ops: bad input', () => {
  for (const [name, op] of [['neg', tl.neg], ['abs', tl.abs], ['square', tl.square], ['exp', tl.exp], ['log', tl.log], ['sqrt', tl.sqrt], ['sign', tl.sign]] as [string, Unary][]) {
    it(`${name} names itself and what it got when x is not a tensor`, () => {
      assertThrows(() => op(3 as unknown as tl.Tensor), tl.ArgumentError, new RegExp(`^${name}: expected x to be a Tensor, found number 3`));
      assertThrows(() => op([1, 2] as unknown as tl.Tensor), tl.ArgumentError, new RegExp(`^${name}: expected x to be a Tensor, found an array`));
      assertThrows(() => op(null as unknown as tl.Tensor), tl.ArgumentError, new RegExp(`^${name}: expected x to be a Tensor, found null`));
    });
  }
});
