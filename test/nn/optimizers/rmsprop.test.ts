import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as tl from '../../../src/index.js';
import { torchRMSprop } from './references.js';
import { assertTrajectory } from './trajectory.js';

const { RMSprop } = tl.optimizers;

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
