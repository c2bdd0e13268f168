import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as tl from '../../src/index.js';
import { checkOp } from '../helpers/opCheck.js';
import * as ref from '../helpers/reference.js';
import { assertTensor, assertThrows, distinct, u } from './util.js';

type Axis = number | number[] | undefined;
type Reduce = (x: tl.Tensor, axis?: Axis, keepDims?: boolean) => tl.Tensor;
type RefReduce = (x: ref.NDArray, axes: number[], keepDims?: boolean) => ref.NDArray;

const REDUCTIONS: [string, Reduce, RefReduce][] = [
  ['sum', tl.sum, ref.sum],
  ['mean', tl.mean, ref.mean],
  ['max', tl.max, ref.max],
  ['min', tl.min, ref.min],
];

/** Axis arguments on a rank-3 tensor: single, negative, several (unsorted, mixed sign), all, none. */
const AXES: Axis[] = [undefined, 0, 1, 2, -1, -3, [0, 2], [2, 0], [-1, 0], [1, 2], [0, 1, 2], []];

const allAxes = (rank: number): number[] => Array.from({ length: rank }, (_, i) => i);
const refAxes = (axis: Axis, rank: number): number[] => (axis === undefined ? allAxes(rank) : typeof axis === 'number' ? [axis] : axis);

describe('sum, mean, max, min: values and gradients against float64', () => {
  for (const [name, op, reference] of REDUCTIONS) {
    for (const axis of AXES) {
      for (const keepDims of [false, true]) {
        it(`${name} [2,3,4] axis ${JSON.stringify(axis)}${keepDims ? ' keepDims' : ''}`, () => {
          // Distinct values: max/min have a unique winner, so finite differences are well defined.
          checkOp({ op: (x) => op(x, axis, keepDims), reference: (x) => reference(x, refAxes(axis, 3), keepDims), inputs: [distinct([2, 3, 4], 41)] });
        });
      }
    }
    it(`${name} of a rank-0 tensor is itself`, () => {
      checkOp({ op: (x) => op(x), reference: (x) => reference(x, []), inputs: [u([], 42)] });
      checkOp({ op: (x) => op(x, [], true), reference: (x) => reference(x, [], true), inputs: [u([], 43)] });
    });
    it(`${name} over a non-empty axis of an empty tensor`, () => {
      checkOp({ op: (x) => op(x, 1), reference: (x) => reference(x, [1]), inputs: [u([0, 3], 44)] });
      checkOp({ op: (x) => op(x, -1, true), reference: (x) => reference(x, [-1], true), inputs: [u([2, 0, 3], 45)] });
    });
  }

  it('sum over empty axes is 0 (with gradient of the right empty shape)', () => {
    checkOp({ op: (x) => tl.sum(x, 0), reference: (x) => ref.sum(x, [0]), inputs: [u([0, 3], 46)] });
    checkOp({ op: (x) => tl.sum(x), reference: (x) => ref.sum(x, [0, 1]), inputs: [u([2, 0], 47)] });
    assertTensor(tl.sum(tl.zeros([0, 3]), 0), [3], [0, 0, 0]);
    assertTensor(tl.sum(tl.zeros([2, 0]), [0, 1], true), [1, 1], [[0]]);
  });
});

describe('sum, mean, max, min: hand-computed values', () => {
  const x = tl.tensor([[1, 2, 3], [4, 5, 6]]);

  it('sum', () => {
    assertTensor(tl.sum(x), [], 21);
    assertTensor(tl.sum(x, 0), [3], [5, 7, 9]);
    assertTensor(tl.sum(x, 1), [2], [6, 15]);
    assertTensor(tl.sum(x, -1, true), [2, 1], [[6], [15]]);
    assertTensor(tl.sum(x, [0, 1], true), [1, 1], [[21]]);
    assertTensor(x.sum(-2), [3], [5, 7, 9]);
  });

  it('mean', () => {
    assertTensor(tl.mean(x), [], 3.5);
    assertTensor(tl.mean(x, 0), [3], [2.5, 3.5, 4.5]);
    assertTensor(tl.mean(x, -1, true), [2, 1], [[2], [5]]);
    assertTensor(x.mean([1, 0]), [], 3.5);
  });

  it('max and min', () => {
    const y = tl.tensor([[3, -1, 2], [0, 7, -5]]);
    assertTensor(tl.max(y), [], 7);
    assertTensor(tl.max(y, 0), [3], [3, 7, 2]);
    assertTensor(tl.max(y, -1, true), [2, 1], [[3], [7]]);
    assertTensor(tl.min(y), [], -5);
    assertTensor(tl.min(y, 1), [2], [-1, -5]);
    assertTensor(y.min(0, true), [1, 3], [[0, -1, -5]]);
    assertTensor(y.max([0, 1]), [], 7);
  });

  it('sum accumulates in double precision (1e8 + 1 - 1e8 = 1, which float32 addition loses)', () => {
    assertTensor(tl.sum(tl.tensor([1e8, 1, -1e8])), [], 1);
    assertTensor(tl.sum(tl.tensor([[1e8, 1, -1e8]]), 1), [1], [1]);
    assertTensor(tl.sum(tl.tensor([[1e8], [1], [-1e8]]), 0), [1], [1]);
  });

  it('int32 sum, max and min stay int32', () => {
    const i = tl.tensor([[1, 9, -3], [4, 0, 2]], [2, 3], 'int32');
    assertTensor(tl.sum(i), [], 13, 'int32');
    assertTensor(tl.sum(i, 0), [3], [5, 9, -1], 'int32');
    assertTensor(tl.max(i, 1), [2], [9, 4], 'int32');
    assertTensor(tl.min(i, 0), [3], [1, 0, -3], 'int32');
  });

  it('NaN wins in max and min', () => {
    assert.ok(Number.isNaN(tl.max(tl.tensor([1, NaN, 3])).item()));
    assert.ok(Number.isNaN(tl.min(tl.tensor([NaN, 1, 3])).item()));
    const rows = tl.max(tl.tensor([[1, 2], [NaN, 0]]), 1).dataSync();
    assert.equal(rows[0], 2);
    assert.ok(Number.isNaN(rows[1]));
  });
});

describe('max and min: gradients at ties are split evenly', () => {
  it('ties within a row along one axis', () => {
    const x = tl.tensor([[1, 5, 5], [2, 2, 0]]);
    assertTensor(tl.grad((t) => tl.max(t, 1).sum())(x), [2, 3], [[0, 0.5, 0.5], [0.5, 0.5, 0]]);
    assertTensor(tl.grad((t) => tl.min(t, -1, true).sum())(x), [2, 3], [[1, 0, 0], [0, 0, 1]]);
  });

  it('three-way tie over all axes gets a third each', () => {
    const g = tl.grad((t) => tl.max(t))(tl.tensor([[1, 5, 5], [5, 2, 0]])).dataSync();
    const third = Math.fround(1 / 3);
    assert.deepEqual([...g], [0, third, third, third, 0, 0]);
  });

  it('ties over several axes with an upstream gradient', () => {
    // min over axes [0, 2] of a [2,2,2] tensor: slice j=0 has min 0 four ways (two of them in
    // different rows), slice j=1 has the unique min -1.
    const x = tl.tensor([[[0, 0], [-1, 3]], [[0, 0], [2, 4]]]);
    const dy = tl.tensor([8, 2]);
    const g = tl.grad((t) => tl.min(t, [0, 2]))(x, dy);
    assertTensor(g, [2, 2, 2], [[[2, 2], [2, 0]], [[2, 2], [0, 0]]]);
  });

  it('every element equal: all share the gradient', () => {
    assertTensor(tl.grad((t) => tl.max(t))(tl.fill([2, 2], 3)), [2, 2], [[0.25, 0.25], [0.25, 0.25]]);
  });
});

describe('sum, mean, max, min: bad input', () => {
  for (const [name, op] of REDUCTIONS) {
    it(`${name} names itself, the axis and the rank`, () => {
      const x = tl.zeros([2, 3, 4]);
      assertThrows(() => op(x, 3), tl.ArgumentError, new RegExp(`^${name}: axis 3 is out of range for a tensor of rank 3`));
      assertThrows(() => op(x, [0, -4]), tl.ArgumentError, new RegExp(`^${name}: axis -4 is out of range for a tensor of rank 3`));
      assertThrows(() => op(x, 1.5), tl.ArgumentError, new RegExp(`^${name}: axis 1.5 is out of range for a tensor of rank 3`));
      assertThrows(() => op(tl.scalar(1), 0), tl.ArgumentError, new RegExp(`^${name}: axis 0 is out of range for a tensor of rank 0`));
      assertThrows(() => op(x, [2, -1]), tl.ArgumentError, new RegExp(`^${name}: axis 2 is repeated in \\[2,-1\\]`));
      assertThrows(() => op('x' as unknown as tl.Tensor), tl.ArgumentError, new RegExp(`^${name}: expected x to be a Tensor, found string x`));
    });
  }

  it('max, min and mean refuse to reduce an empty axis (no identity), naming the shape', () => {
    const x = tl.zeros([0, 3]);
    assertThrows(() => tl.max(x, 0), tl.ShapeError, /^max: cannot reduce an empty axis \(shape \[0,3\], axes \[0\]\)/);
    assertThrows(() => tl.min(x), tl.ShapeError, /^min: cannot reduce an empty axis \(shape \[0,3\], axes \[0,1\]\)/);
    assertThrows(() => tl.mean(x, -2), tl.ShapeError, /^mean: cannot average over an empty axis \(shape \[0,3\]\)/);
    assertThrows(() => tl.mean(tl.zeros([2, 0])), tl.ShapeError, /^mean: cannot average over an empty axis \(shape \[2,0\]\)/);
  });

  it('mean refuses int32', () => {
    assertThrows(() => tl.mean(tl.ones([2], 'int32')), tl.DTypeError, /^mean: expected x to be float32, found int32/);
  });
});

/** Naive argmax/argmin along `axis`, first index on ties. */
function refArg(x: tl.Tensor, axis: number, better: (v: number, best: number) => boolean): number[] {
  const shape = [...x.shape];
  const a = axis < 0 ? axis + shape.length : axis;
  const outer = shape.slice(0, a).reduce((p, d) => p * d, 1);
  const inner = shape.slice(a + 1).reduce((p, d) => p * d, 1);
  const v = x.dataSync();
  const out: number[] = [];
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      let best = 0;
      for (let d = 1; d < shape[a]!; d++) if (better(v[(o * shape[a]! + d) * inner + i]!, v[(o * shape[a]! + best) * inner + i]!)) best = d;
      out.push(best);
    }
  }
  return out;
}

describe('argMax and argMin', () => {
  it('agree with a naive reference on every axis, negative axes included', () => {
    const x = distinct([3, 4, 5], 51);
    for (const axis of [0, 1, 2, -1, -2, -3]) {
      const shape = [3, 4, 5].filter((_, i) => i !== (axis + 3) % 3);
      const am = tl.argMax(x, axis);
      assert.equal(am.dtype, 'int32');
      assert.deepEqual([...am.shape], shape);
      assert.deepEqual([...am.dataSync()], refArg(x, axis, (v, b) => v > b), `argMax axis ${axis}`);
      assert.deepEqual([...tl.argMin(x, axis).dataSync()], refArg(x, axis, (v, b) => v < b), `argMin axis ${axis}`);
    }
  });

  it('hand-computed values; ties give the first index; default axis is -1', () => {
    const x = tl.tensor([[1, 3, 3], [4, 0, 4]]);
    assertTensor(tl.argMax(x), [2], [1, 0], 'int32');
    assertTensor(tl.argMin(x), [2], [0, 1], 'int32');
    assertTensor(tl.argMax(x, 0), [3], [1, 0, 1], 'int32');
    assertTensor(tl.argMin(x, -2), [3], [0, 1, 0], 'int32');
    assertTensor(x.argMax(), [2], [1, 0], 'int32');
    assertTensor(tl.argMax(tl.tensor([7])), [], 0, 'int32');
    assertTensor(tl.argMax(tl.tensor([2, 9, -1], [3], 'int32')), [], 1, 'int32');
  });

  it('NaN wins, as in max and min', () => {
    assert.equal(tl.argMax(tl.tensor([1, NaN, 3])).item(), 1);
    assert.equal(tl.argMin(tl.tensor([1, -2, NaN])).item(), 2);
  });

  it('an empty non-reduced axis gives an empty result', () => {
    assertTensor(tl.argMax(tl.zeros([0, 3]), 1), [0], [], 'int32');
    assertTensor(tl.argMin(tl.zeros([2, 0, 3]), 2), [2, 0], [[], []], 'int32');
  });

  it('are not differentiable: int32 output outside the graph', () => {
    const x = tl.variable([[1, 2], [3, 0]]);
    const am = tl.argMax(x);
    assert.equal(am.dtype, 'int32');
    assert.equal(am.requiresGrad, false);
  });

  it('refuse scalars, empty axes and bad axes, naming the op', () => {
    assertThrows(() => tl.argMax(tl.scalar(1)), tl.ArgumentError, /^argMax: expected a tensor of rank >= 1, found a scalar/);
    assertThrows(() => tl.argMin(tl.scalar(1)), tl.ArgumentError, /^argMin: expected a tensor of rank >= 1, found a scalar/);
    assertThrows(() => tl.argMax(tl.zeros([0, 3]), 0), tl.ShapeError, /^argMax: axis 0 of shape \[0,3\] is empty/);
    assertThrows(() => tl.argMin(tl.zeros([2, 0]), -1), tl.ShapeError, /^argMin: axis 1 of shape \[2,0\] is empty/);
    assertThrows(() => tl.argMax(tl.zeros([2, 3]), 2), tl.ArgumentError, /^argMax: axis 2 is out of range for a tensor of rank 2/);
    assertThrows(() => tl.argMin(tl.zeros([2, 3]), -3), tl.ArgumentError, /^argMin: axis -3 is out of range for a tensor of rank 2/);
  });
});
