import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as tl from '../../../../src/index.js';
import { layerContract, rounded, withWeights } from '../../layerContract.js';

const { simpleRNN } = tl.layers;

layerContract({
  make: () => simpleRNN({ units: 3, returnSequences: true }),
  input: () => tl.randomUniform([2, 4, 5], -1, 1, 'float32', 3),
  outputShape: [2, 4, 3],
  weights: [
    { name: 'kernel', shape: [5, 3], trainable: true },
    { name: 'recurrent_kernel', shape: [3, 3], trainable: true },
    { name: 'bias', shape: [3], trainable: true },
  ],
});

describe('simpleRNN', () => {
  it('h_t = activation(x_t W + b + h_{t-1} R), by hand, for tanh and relu', () => {
    const weights = [tl.tensor([[2]]), tl.tensor([[-0.5]]), tl.tensor([0.1])];
    const x = tl.tensor([[[1], [0.5], [-1]]]);
    const h1 = Math.tanh(2.1), h2 = Math.tanh(1.1 - 0.5 * h1), h3 = Math.tanh(-1.9 - 0.5 * h2);
    assert.deepEqual(rounded(withWeights(simpleRNN({ units: 1, returnSequences: true }), [3, 1], weights).apply(x)), rounded(tl.tensor([h1, h2, h3])));
    const r1 = 2.1, r2 = Math.max(0, 1.1 - 0.5 * r1), r3 = Math.max(0, -1.9 - 0.5 * r2);
    assert.deepEqual(rounded(withWeights(simpleRNN({ units: 1, activation: 'relu' }), [3, 1], weights).apply(x)), rounded(tl.tensor([r3])));
  });

  it('dropout and recurrentDropout act in training only, with one mask per sequence', () => {
    const layer = simpleRNN({ units: 4, dropout: 0.5, recurrentDropout: 0.5, returnSequences: true });
    const x = tl.randomUniform([8, 6, 3], -1, 1, 'float32', 1);
    const inference = layer.apply(x).dataSync();
    assert.deepEqual(layer.apply(x).dataSync(), inference, 'inference is deterministic');
    tl.setSeed(3);
    const a = layer.apply(x, { training: true }).dataSync();
    tl.setSeed(3);
    assert.deepEqual(layer.apply(x, { training: true }).dataSync(), a, 'the global seed makes the masks reproducible');
    assert.notDeepEqual(a, inference);
  });
});
