import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as tl from '../../../src/index.js';
import { textbookAdam } from './references.js';
import { assertTrajectory } from './trajectory.js';

const { AdamW } = tl.optimizers;

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
