import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as tl from '../../../src/index.js';
import { Sequential } from '../../../src/nn/model/index.js';
import { layerContract, rounded } from '../layerContract.js';

const { masking, lstm, dense, dropout } = tl.layers;

layerContract({
  make: () => masking({ maskValue: 0 }),
  input: () => tl.tensor([[[1, 2], [0, 0], [3, 0]]]),
  outputShape: [1, 3, 2],
  weights: [],
});

describe('masking', () => {
  it('zeroes the steps whose features all equal maskValue and marks them as padding', () => {
    const layer = masking({ maskValue: -1 });
    const x = tl.tensor([[[1, 2], [-1, -1], [-1, 0]]]);
    assert.deepEqual(rounded(layer.apply(x)), [1, 2, 0, 0, -1, 0]);
    assert.deepEqual(Array.from(layer.computeMask([x])!.dataSync()), [1, 0, 1]);
  });

  it('in a model, the mask reaches the recurrent layer through a dropout: padded steps change nothing', () => {
    const model = new Sequential([masking({ inputShape: [4, 2] }), dropout({ rate: 0.2 }), lstm({ units: 3 }), dense({ units: 1 })]);
    const x = tl.tensor([[[1, 2], [0.5, -1], [0, 0], [0, 0]]]);
    const short = new Sequential([lstm({ units: 3, inputShape: [2, 2] }), dense({ units: 1 })]);
    short.setWeights(model.getWeights());
    assert.deepEqual(rounded(model.predict(x)), rounded(short.predict(tl.slice(x, [0, 0, 0], [1, 2, 2]))));
  });
});
