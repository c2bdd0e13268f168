import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as tl from '../../src/index.js';
import { checkOp } from '../helpers/opCheck.js';
import * as ref from '../helpers/reference.js';
import { assertThrows } from './util.js';

const u = (shape: number[], seed: number, lo = -2, hi = 2) => tl.randomUniform(shape, lo, hi, 'float32', seed);

describe('binary arithmetic', () => {
  const cases: [string, (a: tl.Tensor, b: tl.Tensor) => tl.Tensor, (x: number, y: number) => number][] = [
    ['add', tl.add, (x, y) => x + y],
    ['sub', tl.sub, (x, y) => x - y],
    ['mul', tl.mul, (x, y) => x * y],
    ['div', tl.div, (x, y) => x / y],
  ];
  const shapes: [number[], number[]][] = [
    [[2, 3], [2, 3]],
    [[2, 3], [3]],
    [[4, 1], [1, 5]],
    [[], [2, 2]],
    [[3, 1, 2], [4, 1]],
  ];
  for (const [name, op, f] of cases) {
    for (const [sa, sb] of shapes) {
      it(`${name} ${JSON.stringify(sa)} with ${JSON.stringify(sb)}: values and gradients`, () => {
        // Keep divisors away from zero so finite differences stay well-conditioned.
        const b = name === 'div' ? u(sb, 2, 0.5, 2) : u(sb, 2);
        checkOp({ op, reference: (x, y) => ref.zip(x!, y!, f), inputs: [u(sa, 1), b] });
      });
    }
  }

  it('pow: values and gradients of base and exponent', () => {
    checkOp({ op: tl.pow, reference: (x, y) => ref.zip(x!, y!, Math.pow), inputs: [u([2, 3], 3, 0.5, 2), u([3], 4, -1, 2)] });
  });

  it('hand-computed values with scalars and int32', () => {
    assert.deepEqual(tl.add(tl.tensor([1, 2]), 3).toArray(), [4, 5]);
    assert.deepEqual(tl.sub(10, tl.tensor([1, 2])).toArray(), [9, 8]);
    const ints = tl.mul(tl.tensor([1, 2, 3], [3], 'int32'), 2);
    assert.equal(ints.dtype, 'int32');
    assert.deepEqual(ints.toArray(), [2, 4, 6]);
  });

  it('refuses mismatched shapes and dtypes with the op and shapes in the message', () => {
    assert.throws(() => tl.add(tl.zeros([2, 3]), tl.zeros([4])), (e: Error) =>
      e instanceof tl.ShapeError && /add: shapes \[2,3\] and \[4\] cannot be broadcast/.test(e.message));
    assert.throws(() => tl.add(tl.zeros([2]), tl.zeros([2], 'int32')), tl.DTypeError);
    assert.throws(() => tl.div(tl.ones([2], 'int32'), 2), /div: expected a to be float32, found int32/);
    assert.throws(() => tl.add(tl.ones([2]), 'x' as unknown as number), tl.ArgumentError);
  });
});

describe('maximum and minimum', () => {
  const cases: [string, (a: tl.TensorLike, b: tl.TensorLike) => tl.Tensor, (x: number, y: number) => number][] = [
    ['maximum', tl.maximum, Math.max],
    ['minimum', tl.minimum, Math.min],
  ];
  // Broadcasting edge cases: rank 0 on either side, size-1 axes on both sides, rank
  // difference, and empty tensors (a 0 broadcast against a 1 or matched by a 0).
  const shapes: [number[], number[]][] = [
    [[2, 3], [2, 3]],
    [[2, 3], [3]],
    [[4, 1], [1, 5]],
    [[], [2, 2]],
    [[2, 2], []],
    [[], []],
    [[3, 1, 2], [4, 1]],
    [[1], [3, 1, 1]],
    [[0, 3], [3]],
    [[2, 0], [2, 1]],
    [[0], []],
  ];
  for (const [name, op, f] of cases) {
    for (const [sa, sb] of shapes) {
      it(`${name} ${JSON.stringify(sa)} with ${JSON.stringify(sb)}: values and gradients`, () => {
        // Independent uniform draws: no ties, so finite differences are well defined.
        checkOp({ op, reference: (x, y) => ref.zip(x!, y!, f), inputs: [u(sa, 5), u(sb, 6)] });
      });
    }
  }

  it('hand-computed values, with scalars and int32', () => {
    assert.deepEqual(tl.maximum(tl.tensor([1, 5, -2]), tl.tensor([3, 2, -2])).toArray(), [3, 5, -2]);
    assert.deepEqual(tl.minimum(tl.tensor([1, 5, -2]), tl.tensor([3, 2, -2])).toArray(), [1, 2, -2]);
    assert.deepEqual(tl.maximum(tl.tensor([[-1, 2], [3, -4]]), 0).toArray(), [[0, 2], [3, 0]]);
    assert.deepEqual(tl.minimum(1, tl.tensor([0.5, 2])).toArray(), [0.5, 1]);
    const ints = tl.maximum(tl.tensor([1, -3, 7], [3], 'int32'), 0);
    assert.equal(ints.dtype, 'int32');
    assert.deepEqual(ints.toArray(), [1, 0, 7]);
    const intMin = tl.minimum(tl.tensor([1, -3, 7], [3], 'int32'), tl.tensor([2], [1], 'int32'));
    assert.equal(intMin.dtype, 'int32');
    assert.deepEqual(intMin.toArray(), [1, -3, 2]);
  });

  it('NaN propagates from either operand', () => {
    for (const op of [tl.maximum, tl.minimum]) {
      const out = op(tl.tensor([NaN, 1]), tl.tensor([1, NaN])).dataSync();
      assert.ok(Number.isNaN(out[0]) && Number.isNaN(out[1]), `${op.name}: ${out}`);
    }
  });

  it('ties send the whole gradient to a, so exactly one operand receives it', () => {
    const a = tl.tensor([1, 2, 3]);
    const b = tl.tensor([1, 5, 0]);
    const [gaMax, gbMax] = tl.grads((x, y) => tl.maximum(x!, y!).sum())([a, b]);
    assert.deepEqual(gaMax!.toArray(), [1, 0, 1]);
    assert.deepEqual(gbMax!.toArray(), [0, 1, 0]);
    const [gaMin, gbMin] = tl.grads((x, y) => tl.minimum(x!, y!).sum())([a, b]);
    assert.deepEqual(gaMin!.toArray(), [1, 1, 0]);
    assert.deepEqual(gbMin!.toArray(), [0, 0, 1]);
  });

  it('a broadcast operand collects the gradient of every element it won', () => {
    // maximum(x, 0) along a row: the scalar 0 wins at the two negative entries.
    const [gx, gz] = tl.grads((x, z) => tl.maximum(x!, z!).sum())([tl.tensor([[-1, 2], [3, -4]]), tl.scalar(0)]);
    assert.deepEqual(gx!.toArray(), [[0, 1], [1, 0]]);
    assert.deepEqual([...gz!.shape], []);
    assert.equal(gz!.item(), 2);
  });

  it('refuses mismatched shapes, dtypes and non-tensors with the op and operands in the message', () => {
    assertThrows(() => tl.maximum(tl.zeros([2, 3]), tl.zeros([4])), tl.ShapeError,
      /^maximum: shapes \[2,3\] and \[4\] cannot be broadcast together/);
    assertThrows(() => tl.minimum(tl.zeros([0, 3]), tl.zeros([2, 3])), tl.ShapeError,
      /^minimum: shapes \[0,3\] and \[2,3\] cannot be broadcast together/);
    assertThrows(() => tl.minimum(tl.zeros([2]), tl.zeros([2], 'int32')), tl.DTypeError,
      /^minimum: operands have different dtypes, float32 and int32/);
    assertThrows(() => tl.maximum(tl.zeros([2], 'int32'), 0.5), tl.DTypeError,
      /^maximum: operands have different dtypes, int32 and float32/);
    assertThrows(() => tl.maximum(tl.ones([2]), 'x' as unknown as number), tl.ArgumentError,
      /^maximum: expected b to be a Tensor, found string x/);
  });
});
