import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as tl from '../../../src/index.js';

const { optimizerFromName } = tl.optimizers;

describe('optimizerFromName', () => {
  it('builds an optimizer with Keras defaults from a name in any case', () => {
    for (const name of ['adam', 'Adam']) {
      const opt = optimizerFromName(name);
      assert.ok(opt instanceof tl.optimizers.Adam);
      assert.deepEqual(opt.getConfig(), { learningRate: 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 });
    }
  });

  it('rebuilds an optimizer from its own config, clipping and schedule included', () => {
    const schedule = tl.schedules.exponentialDecay({ initialLearningRate: 0.1, decaySteps: 10, decayRate: 0.5 });
    const original = new tl.optimizers.Adam({ learningRate: schedule, beta1: 0.8, clipNorm: 2 });
    const copy = optimizerFromName({ className: original.className, config: original.getConfig() });
    assert.deepEqual(copy.getConfig(), original.getConfig());
    assert.deepEqual(copy.getConfig().learningRate, {
      className: 'ExponentialDecay', config: { initialLearningRate: 0.1, decaySteps: 10, decayRate: 0.5, staircase: false },
    });
  });

  it('reads a Keras config: snake_case keys, nulls as unset, bookkeeping ignored', () => {
    const keras = {
      name: 'adam', learning_rate: 0.01, weight_decay: null, clipnorm: null, global_clipnorm: 2, clipvalue: null,
      use_ema: false, ema_momentum: 0.99, ema_overwrite_frequency: null, loss_scale_factor: null,
      gradient_accumulation_steps: null, beta_1: 0.8, beta_2: 0.99, epsilon: 1e-8, amsgrad: false, jit_compile: true,
    };
    const opt = optimizerFromName({ className: 'Adam', config: keras });
    assert.deepEqual(opt.getConfig(), { learningRate: 0.01, beta1: 0.8, beta2: 0.99, epsilon: 1e-8, globalClipNorm: 2 });
  });

  it('returns an optimizer it is given', () => {
    const opt = new tl.optimizers.Adam();
    assert.equal(optimizerFromName(opt), opt);
  });

  it('refuses unknown names, unknown keys and Keras features it does not implement', () => {
    assert.throws(() => optimizerFromName('adamax'), (e: Error) =>
      e instanceof tl.ArgumentError && /optimizerFromName: unknown optimizer "adamax"; expected one of sgd, adam, adamw, rmsprop$/.test(e.message));
    assert.throws(() => optimizerFromName({ className: 'Adam', config: { momentum: 0.9 } }), /Adam: unknown config key "momentum"; expected some of learningRate/);
    assert.throws(() => optimizerFromName({ className: 'Adam', config: { amsgrad: true } }), /Adam: amsgrad = true is not supported \(only false\)/);
    assert.throws(() => optimizerFromName({ className: 'Adam', config: { beta_1: 2 } }), /Adam: beta1 must be a number in \[0, 1\), found number 2/);
    assert.throws(() => optimizerFromName(42 as unknown as string), /optimizerFromName: expected a name or \{ className, config \}, found number 42/);
  });
});
