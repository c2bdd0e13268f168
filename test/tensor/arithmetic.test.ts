import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as tl from '../../src/index.js';
import { checkOp } from '../helpers/opCheck.js';
import * as ref from '../helpers/reference.js';

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
