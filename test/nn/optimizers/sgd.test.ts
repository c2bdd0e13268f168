import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as tl from '../../../src/index.js';
import { assertClose } from '../../helpers/opCheck.js';
import { torchSGD } from './references.js';
import { assertTrajectory } from './trajectory.js';

const { SGD } = tl.optimizers;

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
