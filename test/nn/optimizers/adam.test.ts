import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as tl from '../../../src/index.js';
import { textbookAdam } from './references.js';
import { assertTrajectory } from './trajectory.js';

describe('Adam', () => {
  it('follows the textbook update for several steps (defaults)', () => {
    assertTrajectory(new tl.optimizers.Adam(), textbookAdam(0.001, 0.9, 0.999, 1e-7));
  });

  it('follows the textbook update with a large step, other betas and an epsilon that matters', () => {
    assertTrajectory(new tl.optimizers.Adam({ learningRate: 0.1, beta1: 0.5, beta2: 0.9, epsilon: 0.5 }), textbookAdam(0.1, 0.5, 0.9, 0.5), 8);
  });

  it('step() skips parameters without a gradient, clears gradients and counts iterations', () => {
    const opt = new tl.optimizers.Adam({ learningRate: 0.1 });
    const a = tl.variable([1, 2]);
    const b = tl.variable([3]);
    a.square().sum().backward();
    opt.step([a, b]);
    assert.equal(opt.iterations, 1);
    assert.equal(a.grad, null);
    assert.deepEqual(b.toArray(), [3]);
    // The first Adam step moves each element by lr · sign(g) (up to ε).
    assert.deepEqual(Array.from(a.dataSync(), (x) => +x.toFixed(5)), [0.9, 1.9]);
    opt.step([a, b]);
    assert.equal(opt.iterations, 1, 'a step with no gradients is not counted');
    assert.deepEqual(opt.getWeights().map((w) => w.name), ['iter', '0/m', '0/v'], 'b never had a gradient, so it has no state');
  });

  it('applyGradients uses explicit gradients and leaves .grad alone', () => {
    const opt = new tl.optimizers.Adam({ learningRate: 0.5 });
    const p = tl.variable([0, 0]);
    p.grad = tl.tensor([100, 100]);
    opt.applyGradients([[p, tl.tensor([2, -3])]]);
    assert.deepEqual(Array.from(p.dataSync(), (x) => +x.toFixed(5)), [-0.5, 0.5]);
    assert.deepEqual(p.grad.toArray(), [100, 100]);
  });

  it('refuses bad hyperparameters with ArgumentErrors naming the optimizer and the value', () => {
    const bad: [tl.optimizers.AdamConfig, RegExp][] = [
      [{ learningRate: -0.01 }, /^Adam: learningRate must be a number >= 0, found number -0.01$/],
      [{ beta1: 1 }, /^Adam: beta1 must be a number in \[0, 1\), found number 1$/],
      [{ beta2: -0.1 }, /^Adam: beta2 must be a number in \[0, 1\), found number -0.1$/],
      [{ epsilon: 0 }, /^Adam: epsilon must be a number > 0, found number 0$/],
      [{ learningRate: Number.NaN }, /^Adam: learningRate must be a number >= 0, found number NaN$/],
      [{ clipNorm: 1, clipValue: 1 }, /^Adam: set at most one of clipNorm, clipValue, globalClipNorm, found clipNorm and clipValue$/],
    ];
    for (const [config, message] of bad) {
      assert.throws(() => new tl.optimizers.Adam(config), (e: Error) => e instanceof tl.ArgumentError && message.test(e.message), JSON.stringify(config));
    }
    const opt = new tl.optimizers.Adam();
    assert.throws(() => (opt.learningRate = -1), /Adam: learningRate must be a number >= 0, found number -1/);
  });

  it('refuses mismatched gradients, non-leaf parameters and repeated parameters', () => {
    const opt = new tl.optimizers.Adam();
    const p = tl.variable([1, 2, 3]);
    assert.throws(() => opt.applyGradients([[p, tl.zeros([2])]]), (e: Error) =>
      e instanceof tl.ShapeError && /Adam.applyGradients: pairs\[0\]: gradient shape \[2\] differs from parameter shape \[3\]/.test(e.message));
    assert.throws(() => opt.applyGradients([[p.mul(2), tl.zeros([3])]]), tl.GradientError);
    assert.throws(() => opt.applyGradients([[p, tl.zeros([3])], [p, tl.zeros([3])]]), /appears more than once/);
    assert.throws(() => opt.step([p, 'w' as unknown as tl.Tensor]), /Adam.step: params\[1\] is string w, not a Tensor/);
    assert.equal(opt.iterations, 0);
  });
});
