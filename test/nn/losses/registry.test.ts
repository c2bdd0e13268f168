import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as tl from '../../../src/index.js';

const { lossFromName } = tl.losses;

describe('lossFromName', () => {
  it('knows TF.js names, Keras names, class names and abbreviations', () => {
    const cases: [string, string][] = [
      ['sparseCategoricalCrossentropy', 'sparseCategoricalCrossentropy'],
      ['sparse_categorical_crossentropy', 'sparseCategoricalCrossentropy'],
      ['categorical_crossentropy', 'categoricalCrossentropy'],
      ['BinaryCrossentropy', 'binaryCrossentropy'],
      ['mse', 'meanSquaredError'],
      ['mean_squared_error', 'meanSquaredError'],
      ['mae', 'meanAbsoluteError'],
      ['meanAbsoluteError', 'meanAbsoluteError'],
    ];
    for (const [identifier, name] of cases) {
      const loss = lossFromName(identifier);
      assert.equal(loss.name, name, identifier);
      assert.equal(loss.fromLogits, false);
    }
  });

  it('round-trips configs, reads Keras configs, and returns a Loss it is given', () => {
    const original = tl.losses.sparseCategoricalCrossentropy({ fromLogits: true });
    assert.deepEqual(original.getConfig(), { className: 'SparseCategoricalCrossentropy', config: { fromLogits: true } });
    assert.deepEqual(lossFromName(original.getConfig()).getConfig(), original.getConfig());
    const keras = lossFromName({ className: 'BinaryCrossentropy', config: { name: 'binary_crossentropy', reduction: 'sum_over_batch_size', from_logits: true, label_smoothing: 0, axis: -1 } });
    assert.equal(keras.fromLogits, true);
    assert.deepEqual(tl.losses.meanSquaredError().getConfig(), { className: 'MeanSquaredError', config: {} });
    assert.equal(lossFromName(original), original);
  });

  it('refuses unknown losses and options it does not implement', () => {
    assert.throws(() => lossFromName('hinge'), (e: Error) => e instanceof tl.ArgumentError && /^lossFromName: unknown loss "hinge"; expected one of meanSquaredError \(mse\)/.test(e.message));
    assert.throws(() => lossFromName({ className: 'BinaryCrossentropy', config: { label_smoothing: 0.1 } }), /^ArgumentError: BinaryCrossentropy: label_smoothing = 0.1 is not supported \(only 0\)$/);
    assert.throws(() => lossFromName({ className: 'mse', config: { fromLogits: true } }), /^ArgumentError: mse: unknown config key "fromLogits"; it takes no options$/);
  });
});
