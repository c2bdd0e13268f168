import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as tl from '../../../src/index.js';
import { assertClose } from '../../helpers/opCheck.js';
import { textbookAdam, torchRMSprop, torchSGD } from './references.js';
import { assertTrajectory } from './trajectory.js';

/** Each optimizer's update rule, step by step against a float64 reference written independently. */
const { Adam, AdamW, SGD, RMSprop } = tl.optimizers;

describe('Adam', () => {
  it('follows the textbook update for several steps (defaults)', () => {
    assertTrajectory(new Adam(), textbookAdam(0.001, 0.9, 0.999, 1e-7));
  });

  it('follows the textbook update with a large step, other betas and an epsilon that matters', () => {
    assertTrajectory(new Adam({ learningRate: 0.1, beta1: 0.5, beta2: 0.9, epsilon: 0.5 }), textbookAdam(0.1, 0.5, 0.9, 0.5), 8);
  });

  it('step() skips parameters without a gradient, clears gradients and counts iterations', () => {
    const opt = new Adam({ learningRate: 0.1 });
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
    const opt = new Adam({ learningRate: 0.5 });
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
      assert.throws(() => new Adam(config), (e: Error) => e instanceof tl.ArgumentError && message.test(e.message), JSON.stringify(config));
    }
    const opt = new Adam();
    assert.throws(() => (opt.learningRate = -1), /Adam: learningRate must be a number >= 0, found number -1/);
  });

  it('refuses mismatched gradients, non-leaf parameters and repeated parameters', () => {
    const opt = new Adam();
    const p = tl.variable([1, 2, 3]);
    assert.throws(() => opt.applyGradients([[p, tl.zeros([2])]]), (e: Error) =>
      e instanceof tl.ShapeError && /Adam.applyGradients: pairs\[0\]: gradient shape \[2\] differs from parameter shape \[3\]/.test(e.message));
    assert.throws(() => opt.applyGradients([[p.mul(2), tl.zeros([3])]]), tl.GradientError);
    assert.throws(() => opt.applyGradients([[p, tl.zeros([3])], [p, tl.zeros([3])]]), /appears more than once/);
    assert.throws(() => opt.step([p, 'w' as unknown as tl.Tensor]), /Adam.step: params\[1\] is string w, not a Tensor/);
    assert.equal(opt.iterations, 0);
  });
});

describe('AdamW', () => {
  it('is Adam after a decoupled decay θ·(1 − lr·λ) (defaults)', () => {
    assertTrajectory(new AdamW(), textbookAdam(0.001, 0.9, 0.999, 1e-7, 0.004));
  });

  it('with a large decay the decay term dominates visibly', () => {
    assertTrajectory(new AdamW({ learningRate: 0.1, weightDecay: 2, beta1: 0.8 }), textbookAdam(0.1, 0.8, 0.999, 1e-7, 2), 6);
  });

  it('saves its config and refuses a negative decay', () => {
    assert.deepEqual(new AdamW({ weightDecay: 0.01 }).getConfig(), { learningRate: 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-7, weightDecay: 0.01 });
    assert.throws(() => new AdamW({ weightDecay: -1 }), (e: Error) => e instanceof tl.ArgumentError && /^AdamW: weightDecay must be a number >= 0, found number -1$/.test(e.message));
    assert.throws(() => new AdamW({ beta1: 1 }), /^ArgumentError: AdamW: beta1 must be a number in \[0, 1\), found number 1$/);
  });
});

describe('SGD', () => {
  it('plain gradient descent: θ − lr·g', () => {
    assertTrajectory(new SGD({ learningRate: 0.1 }), torchSGD(0.1, 0, false));
  });

  it('momentum, classical and Nesterov, against PyTorch\'s arrangement', () => {
    assertTrajectory(new SGD({ learningRate: 0.05, momentum: 0.9 }), torchSGD(0.05, 0.9, false), 8);
    assertTrajectory(new SGD({ learningRate: 0.05, momentum: 0.9, nesterov: true }), torchSGD(0.05, 0.9, true), 8);
  });

  it('applies clipping by value and by norm before the update', () => {
    const byValue = new SGD({ learningRate: 0.5, clipValue: 1 });
    const p = tl.variable([0, 0, 0]);
    byValue.applyGradients([[p, tl.tensor([4, -0.5, -3])]]);
    assert.deepEqual(p.toArray(), [-0.5, 0.25, 0.5]);
    const byNorm = new SGD({ learningRate: 1, clipNorm: 1 });
    const q = tl.variable([0, 0]);
    const r = tl.variable([0]);
    byNorm.applyGradients([[q, tl.tensor([3, 4])], [r, tl.tensor([0.5])]]);
    assertClose(q.dataSync(), [-0.6, -0.8], 1e-6, 0, 'q: [3,4] rescaled to norm 1');
    assert.deepEqual(r.toArray(), [-0.5], 'r: under the limit, unchanged');
  });

  it('follows a learning-rate schedule step by step', () => {
    const opt = new SGD({ learningRate: tl.schedules.piecewiseConstant({ boundaries: [1], values: [0.5, 0.1] }) });
    const p = tl.variable([0]);
    const seen: number[] = [];
    for (let i = 0; i < 3; i++) {
      opt.applyGradients([[p, tl.tensor([1])]]);
      seen.push(+p.item().toFixed(6));
    }
    assert.deepEqual(seen, [-0.5, -1, -1.1]);
  });

  it('has no state without momentum and a momentum slot with it', () => {
    const plain = new SGD();
    const withMomentum = new SGD({ momentum: 0.5 });
    for (const opt of [plain, withMomentum]) opt.applyGradients([[tl.variable([1, 2]), tl.tensor([1, 1])]]);
    assert.deepEqual(plain.getWeights().map((w) => w.name), ['iter']);
    assert.deepEqual(withMomentum.getWeights().map((w) => w.name), ['iter', '0/momentum']);
    assert.deepEqual(plain.getConfig(), { learningRate: 0.01, momentum: 0, nesterov: false });
  });

  it('refuses bad hyperparameters', () => {
    assert.throws(() => new SGD({ momentum: 1.5 }), (e: Error) => e instanceof tl.ArgumentError && /^SGD: momentum must be a number in \[0, 1\], found number 1.5$/.test(e.message));
    assert.throws(() => new SGD({ nesterov: 'yes' as unknown as boolean }), /^ArgumentError: SGD: nesterov must be true or false, found string yes$/);
    assert.throws(() => new SGD({ learningRate: -1 }), /^ArgumentError: SGD: learningRate must be a number >= 0, found number -1$/);
    assert.throws(() => new SGD(5 as unknown as tl.optimizers.SGDConfig), /SGD: expected an options object, found number 5/);
  });
});

describe('RMSprop', () => {
  it('plain (defaults)', () => {
    assertTrajectory(new RMSprop(), torchRMSprop(0.001, 0.9, 0, 1e-7, false));
  });

  it('with momentum, centered, and both', () => {
    assertTrajectory(new RMSprop({ learningRate: 0.01, rho: 0.8, momentum: 0.7 }), torchRMSprop(0.01, 0.8, 0.7, 1e-7, false), 8);
    assertTrajectory(new RMSprop({ learningRate: 0.01, centered: true, epsilon: 1e-3 }), torchRMSprop(0.01, 0.9, 0, 1e-3, true), 8);
    assertTrajectory(new RMSprop({ learningRate: 0.01, momentum: 0.5, centered: true }), torchRMSprop(0.01, 0.9, 0.5, 1e-7, true), 8);
  });

  it('keeps the slots it needs, named as TF.js names them', () => {
    const opt = new RMSprop({ momentum: 0.5, centered: true });
    opt.applyGradients([[tl.variable([1]), tl.tensor([1])]]);
    assert.deepEqual(opt.getWeights().map((w) => w.name), ['iter', '0/rms', '0/momentum', '0/mg']);
  });

  it('refuses bad hyperparameters', () => {
    assert.throws(() => new RMSprop({ rho: 1 }), (e: Error) => e instanceof tl.ArgumentError && /^RMSprop: rho must be a number in \[0, 1\), found number 1$/.test(e.message));
    assert.throws(() => new RMSprop({ epsilon: -1 }), /^ArgumentError: RMSprop: epsilon must be a number > 0, found number -1$/);
    assert.throws(() => new RMSprop({ centered: 1 as unknown as boolean }), /RMSprop: centered must be true or false, found number 1/);
  });
});
