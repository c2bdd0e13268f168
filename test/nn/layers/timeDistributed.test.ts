import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as tl from '../../../src/index.js';
import { layerContract, rounded } from '../layerContract.js';

const { timeDistributed, dense } = tl.layers;

layerContract({
  make: () => timeDistributed({ layer: dense({ units: 2, activation: 'tanh' }) }),
  input: () => tl.randomUniform([2, 3, 4], -1, 1, 'float32', 5),
  outputShape: [2, 3, 2],
  weights: [{ name: 'kernel', shape: [4, 2], trainable: true }, { name: 'bias', shape: [2], trainable: true }],
});

describe('timeDistributed', () => {
  it('applies the same layer to every step', () => {
    const layer = timeDistributed({ layer: dense({ units: 2 }) });
    const x = tl.randomUniform([2, 3, 4], -1, 1, 'float32', 6);
    const y = layer.apply(x);
    for (let t = 0; t < 3; t++) {
      const step = tl.reshape(tl.slice(x, [0, t, 0], [2, 1, 4]), [2, 4]);
      assert.deepEqual(rounded(tl.reshape(tl.slice(y, [0, t, 0], [2, 1, 2]), [2, 2])), rounded(layer.layer.apply(step)), `step ${t}`);
    }
  });

  it('refuses a layer that is already built (its weights would keep their names)', () => {
    const inner = dense({ units: 2 });
    inner.apply(tl.zeros([1, 3]));
    assert.throws(() => timeDistributed({ layer: inner }), (e: Error) => e instanceof tl.ArgumentError && /is already built/.test(e.message));
  });
});
