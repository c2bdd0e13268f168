import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as tl from '../../../src/index.js';
import * as ref from '../../helpers/reference.js';
import { layerContract, rounded, withWeights } from '../layerContract.js';
import { checkLayerGradients } from '../layerGradientCheck.js';

const { embedding } = tl.layers;
const table = tl.tensor([[0, 0], [1, 1], [2, 4]]);

layerContract({
  make: () => embedding({ inputDim: 10, outputDim: 5 }),
  input: () => tl.randomUniform([3, 4], 0, 10, 'int32', 1),
  outputShape: [3, 4, 5],
  weights: [{ name: 'embeddings', shape: [10, 5], trainable: true }],
});

describe('embedding', () => {
  it('looks up one row per id, by hand, for int32 ids and float32 ids holding integers', () => {
    const layer = withWeights(embedding({ inputDim: 3, outputDim: 2 }), [2], [table]);
    const expected = [[[2, 4], [0, 0]], [[1, 1], [1, 1]]];
    assert.deepEqual(layer.apply(tl.tensor([[2, 0], [1, 1]], [2, 2], 'int32')).toArray(), expected);
    assert.deepEqual(layer.apply(tl.tensor([[2, 0], [1, 1]])).toArray(), expected);
  });

  it('the gradient of a row is the sum of the gradients of its lookups (by hand, and against finite differences)', () => {
    const layer = withWeights(embedding({ inputDim: 3, outputDim: 2 }), [2], [table]);
    tl.sum(layer.apply(tl.tensor([[2, 0], [1, 1]], [2, 2], 'int32'))).backward();
    assert.deepEqual(layer.weights[0]!.tensor.grad!.toArray(), [[1, 1], [2, 2], [1, 1]]);
    const ids = [4, 0, 4, 2, 1, 4];
    checkLayerGradients({
      layer: withWeights(embedding({ inputDim: 5, outputDim: 3 }), [3], [tl.randomUniform([5, 3], -1, 1, 'float32', 2)]),
      input: tl.tensor(ids, [2, 3], 'int32'),
      training: true,
      reference: (_, w) => {
        const rows = ref.gather(w!, ids, 0);
        return { data: rows.data, shape: [2, 3, 3] };
      },
    });
  });

  it('writes inputDim, outputDim, its initializer and maskZero', () => {
    assert.deepEqual(embedding({ inputDim: 7, outputDim: 2, name: 'e' }).getConfig(), {
      name: 'e', trainable: true, dtype: 'float32', inputDim: 7, outputDim: 2,
      embeddingsInitializer: { className: 'RandomUniform', config: { minval: -0.05, maxval: 0.05, seed: null } }, embeddingsRegularizer: null,
      maskZero: false,
    });
  });

  it('maskZero: id 0 is padding, so a recurrent layer after it skips those steps', () => {
    // Float ids, as a Sequential model's float32 input holds them.
    const ids = tl.tensor([[3, 1, 0, 0], [2, 0, 1, 0]]);
    const layer = embedding({ inputDim: 4, outputDim: 2, maskZero: true });
    assert.deepEqual(Array.from(layer.computeMask([ids])!.dataSync()), [1, 1, 0, 0, 1, 0, 1, 0]);
    assert.equal(embedding({ inputDim: 4, outputDim: 2 }).computeMask([ids]), undefined);
    const model = tl.sequential([embedding({ inputDim: 4, outputDim: 2, maskZero: true, inputShape: [4] }), tl.layers.simpleRNN({ units: 3 })]);
    const unpadded = tl.sequential([embedding({ inputDim: 4, outputDim: 2, inputShape: [2] }), tl.layers.simpleRNN({ units: 3 })]);
    unpadded.setWeights(model.getWeights());
    assert.deepEqual(rounded(tl.slice(model.predict(ids), [0, 0], [1, 3])), rounded(unpadded.predict(tl.tensor([[3, 1]]))));
  });

  it('refuses ids out of range or not integers, and bad dimensions, naming the layer', () => {
    const layer = withWeights(embedding({ inputDim: 3, outputDim: 2, name: 'e' }), [2], [table]);
    assert.throws(() => layer.apply(tl.tensor([[0, 3]], [1, 2], 'int32')), (e: Error) =>
      e instanceof tl.ArgumentError && e.message === 'e: ids must be integers in [0, 3) (inputDim), found 3 at flat position 1 of the input');
    assert.throws(() => layer.apply(tl.tensor([[-1, 0]], [1, 2], 'int32')), /e: ids must be integers in \[0, 3\) \(inputDim\), found -1 at flat position 0/);
    assert.throws(() => layer.apply(tl.tensor([[0.5, 1]])), /e: ids must be integers in \[0, 3\) \(inputDim\), found 0.5 at flat position 0/);
    assert.throws(() => embedding({ inputDim: 0, outputDim: 2, name: 'e' }), (e: Error) => e instanceof tl.ArgumentError && e.message === 'e: inputDim must be a positive integer, found 0');
    assert.throws(() => embedding({ inputDim: 2, outputDim: -2, name: 'e' }), /e: outputDim must be a positive integer, found -2/);
    assert.throws(() => embedding({ inputDim: 2, outputDim: 2, maskZero: 1, name: 'e' } as never), /e: maskZero must be true or false, found 1/);
  });
});
