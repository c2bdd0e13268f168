import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as tl from '../../../src/index.js';
import { layerContract, rounded } from '../layerContract.js';

const { activation } = tl.layers;

layerContract({
  make: () => activation({ activation: 'gelu' }),
  input: () => tl.randomUniform([3, 4], -2, 2, 'float32', 1),
  outputShape: [3, 4],
  weights: [],
});

describe('activation layer', () => {
  it('applies the named activation elementwise (softmax over the last axis)', () => {
    const x = tl.tensor([[-1, 0, 2], [0, 0, Math.log(2)]]);
    assert.deepEqual(rounded(activation({ activation: 'relu' }).apply(x)), [0, 0, 2, 0, 0, 0.69315]);
    assert.deepEqual(rounded(activation({ activation: 'softmax' }).apply(x).slice([1, 0], [1, 3])), [0.25, 0.25, 0.5]);
    assert.deepEqual(activation({ activation: 'leaky_relu', name: 'a' }).getConfig(), { name: 'a', trainable: true, dtype: 'float32', activation: 'leakyRelu' });
  });

  it('refuses an unknown activation naming the layer and the known ones', () => {
    assert.throws(() => activation({ activation: 'softplus', name: 'a' }), (e: Error) =>
      e instanceof tl.ArgumentError && /^a: activation: activationFromName: unknown activation "softplus"; known: linear/.test(e.message));
  });
});
