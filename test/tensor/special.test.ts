import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as tl from '../../src/index.js';
import { checkOp } from '../helpers/opCheck.js';
import * as ref from '../helpers/reference.js';

describe('erf', () => {
  it('values and gradients match the float64 series on [-3, 3]', () => {
    checkOp({ op: tl.erf, reference: (x) => ref.map(x!, ref.erf), inputs: [tl.randomUniform([4, 25], -3, 3, 'float32', 1)], atol: 1e-6 });
  });

  it('is within 3e-7 of erf and its derivative within 1e-5 of 2/sqrt(pi) exp(-x^2) over [-4, 4]', () => {
    const xs = Array.from({ length: 801 }, (_, i) => -4 + i * 0.01);
    const { value, grad } = tl.valueAndGrad((x) => tl.erf(x).sum())(tl.tensor(xs));
    const y = tl.erf(tl.tensor(xs)).dataSync();
    const g = grad.dataSync();
    xs.forEach((x, i) => {
      assert.ok(Math.abs(y[i]! - ref.erf(x)) < 3e-7, `erf(${x}) = ${y[i]}, expected ${ref.erf(x)}`);
      const exact = (2 / Math.sqrt(Math.PI)) * Math.exp(-x * x);
      assert.ok(Math.abs(g[i]! - exact) < 1e-5, `erf'(${x}) = ${g[i]}, expected ${exact}`);
    });
    assert.ok(Math.abs(value.item()) < 1e-4, 'erf is odd, so its sum over a symmetric grid is 0');
  });

  it('is exactly ±1 far out, with zero gradient, and refuses int32', () => {
    assert.deepEqual(Array.from(tl.erf(tl.tensor([-50, 50])).dataSync()), [-1, 1]);
    assert.deepEqual(Array.from(tl.grad((x) => tl.erf(x).sum())(tl.tensor([-50, 50])).dataSync()), [0, 0]);
    assert.throws(() => tl.erf(tl.tensor([1], [1], 'int32')), (e: Error) => e instanceof tl.DTypeError && /erf: expected x to be float32, found int32/.test(e.message));
  });
});
