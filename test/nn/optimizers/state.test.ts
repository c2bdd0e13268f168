import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as tl from '../../../src/index.js';

type Make = () => tl.optimizers.Optimizer;

// Optimizers with every kind of slot; each test runs over all of them.
const OPTIMIZERS: [string, Make][] = [
  ['Adam', () => new tl.optimizers.Adam({ learningRate: 0.05 })],
  ['AdamW', () => new tl.optimizers.AdamW({ learningRate: 0.05, weightDecay: 0.1 })],
  ['SGD', () => new tl.optimizers.SGD({ learningRate: 0.05 })],
  ['SGD with Nesterov momentum', () => new tl.optimizers.SGD({ learningRate: 0.05, momentum: 0.9, nesterov: true })],
  ['centered RMSprop with momentum', () => new tl.optimizers.RMSprop({ learningRate: 0.05, momentum: 0.5, centered: true })],
];

function params(): tl.Tensor[] {
  return [tl.variable([0.5, -1.5, 2]), tl.variable([[1, 2], [3, -4]])];
}

/** A loss with different gradients for every element, so any misplaced slot changes the result. */
function train(opt: tl.optimizers.Optimizer, ps: tl.Tensor[], steps: number): void {
  for (let i = 0; i < steps; i++) {
    ps[0]!.sub(1).square().sum().add(ps[1]!.mul(tl.tensor([[1, -2], [3, 0.5]])).tanh().sum()).backward();
    opt.step(ps);
  }
}

describe('optimizer state: getWeights / setWeights', () => {
  for (const [name, make] of OPTIMIZERS) {
    it(`${name}: a fresh optimizer given the saved state continues exactly as the original`, () => {
      const original = make();
      const a = params();
      train(original, a, 3);
      const restored = make();
      restored.setWeights(original.getWeights());
      const b = a.map((p) => tl.variable(p));
      train(original, a, 3);
      train(restored, b, 3);
      assert.equal(restored.iterations, 6);
      a.forEach((p, i) => assert.deepEqual(b[i]!.dataSync(), p.dataSync(), `parameter ${i}`));
    });
  }

  it('lays state out as TF.js does: iter, then each slot for every parameter, named by index or by given names', () => {
    const opt = new tl.optimizers.Adam();
    train(opt, params(), 2);
    const weights = opt.getWeights();
    assert.deepEqual(weights.map((w) => w.name), ['iter', '0/m', '1/m', '0/v', '1/v']);
    assert.equal(weights[0]!.tensor.dtype, 'int32');
    assert.equal(weights[0]!.tensor.item(), 2);
    assert.deepEqual(weights[2]!.tensor.shape, [2, 2]);
    assert.deepEqual(opt.getWeights(['dense/kernel', 'dense/bias']).map((w) => w.name), ['iter', 'dense/kernel/m', 'dense/bias/m', 'dense/kernel/v', 'dense/bias/v']);
    assert.throws(() => opt.getWeights(['only-one']), /Adam.getWeights: expected 2 parameter names/);
  });

  it('refuses state that does not fit: wrong layout, wrong names, wrong shapes', () => {
    const source = new tl.optimizers.Adam();
    train(source, params(), 1);
    const saved = source.getWeights();
    const fresh = () => new tl.optimizers.Adam();
    assert.throws(() => fresh().setWeights(saved.slice(1)), (e: Error) => e instanceof tl.ArgumentError && /first weight must be the scalar 'iter', found "0\/m"/.test(e.message));
    assert.throws(() => fresh().setWeights(saved.slice(0, 4)), /expected 'iter' and then 2 slots \(m, v\) per parameter, found 3 more weights/);
    const misnamed = saved.map((w, i) => (i === 3 ? { ...w, name: '0/m' } : w));
    assert.throws(() => fresh().setWeights(misnamed), /weight 3 should be the float32 slot '<param>\/v', found "0\/m"/);
    // Slots restored for a [3] parameter cannot go to a [2] one.
    const opt = fresh();
    opt.setWeights(saved);
    const wrong = tl.variable([1, 2]);
    wrong.grad = tl.ones([2]);
    assert.throws(() => opt.step([wrong]), (e: Error) => e instanceof tl.ShapeError && /Adam: slot 'm' of parameter 0 has shape \[3\], expected \[2\]/.test(e.message));
  });
});
