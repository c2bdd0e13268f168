import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as tl from '../../../src/index.js';
import { layerContract, rounded, withWeights } from '../layerContract.js';

const { dense } = tl.layers;
const kernel = tl.tensor([[0.5, -1], [2, 1]]);
const bias = tl.tensor([1, -2]);
const x = tl.tensor([[1, 2], [3, 4]]);

layerContract({
  make: () => dense({ units: 3, activation: 'relu', biasInitializer: tl.initializers.randomNormal({ seed: 2 }), kernelInitializer: tl.initializers.glorotUniform({ seed: 1 }) }),
  input: () => tl.randomUniform([4, 5], -1, 1, 'float32', 3),
  outputShape: [4, 3],
  weights: [{ name: 'kernel', shape: [5, 3], trainable: true }, { name: 'bias', shape: [3], trainable: true }],
});

layerContract({
  title: 'rank-3 input, softmax, no bias',
  make: () => dense({ units: 2, activation: 'softmax', useBias: false }),
  input: () => tl.randomUniform([2, 3, 4], -1, 1, 'float32', 4),
  outputShape: [2, 3, 2],
  weights: [{ name: 'kernel', shape: [4, 2], trainable: true }],
});

describe('dense', () => {
  it('computes x kernel + bias by hand on a 2x2 case, with and without relu', () => {
    // x kernel = [[1*0.5 + 2*2, -1 + 2], [3*0.5 + 4*2, -3 + 4]] = [[4.5, 1], [9.5, 1]]; + bias [1, -2].
    assert.deepEqual(rounded(withWeights(dense({ units: 2 }), [2], [kernel, bias]).apply(x)), [5.5, -1, 10.5, -1]);
    assert.deepEqual(rounded(withWeights(dense({ units: 2, activation: 'relu' }), [2], [kernel, bias]).apply(x)), [5.5, 0, 10.5, 0]);
    assert.deepEqual(rounded(withWeights(dense({ units: 2, useBias: false }), [2], [kernel]).apply(x)), [4.5, 1, 9.5, 1]);
  });

  it('activations without a fused kernel apply after the product: softmax and elu', () => {
    const logits = tl.tensor([[5.5, -1], [10.5, -1]]);
    assert.deepEqual(rounded(withWeights(dense({ units: 2, activation: 'softmax' }), [2], [kernel, bias]).apply(x)), rounded(tl.softmax(logits)));
    assert.deepEqual(rounded(withWeights(dense({ units: 2, activation: 'elu' }), [2], [kernel, bias]).apply(x)), rounded(tl.elu(logits)));
  });

  it('a rank-3 input is transformed along its last axis, each position as a row', () => {
    const layer = withWeights(dense({ units: 2 }), [3, 2], [kernel, bias]);
    const seq = tl.tensor([[[1, 2], [3, 4], [0, 0]]]);
    const y = layer.apply(seq);
    assert.deepEqual([...y.shape], [1, 3, 2]);
    assert.deepEqual(rounded(y), [5.5, -1, 10.5, -1, 1, -2]);
  });

  it('adds the regularization penalties of its weights', () => {
    const layer = withWeights(dense({ units: 2, kernelRegularizer: 'l2', biasRegularizer: tl.regularizers.l1({ l1: 0.5 }) }), [2], [kernel, bias]);
    const losses = layer.regularizationLosses().map((t) => +t.item().toFixed(6));
    // 0.01 * (0.25 + 1 + 4 + 1) and 0.5 * (1 + 2)
    assert.deepEqual(losses, [0.0625, 1.5]);
  });

  it('writes its config with TF.js keys and Keras class names, and reads TF.js-style configs', () => {
    const layer = dense({ units: 4, activation: 'relu', name: 'hidden' });
    assert.deepEqual(layer.getConfig(), {
      name: 'hidden', trainable: true, dtype: 'float32', units: 4, activation: 'relu', useBias: true,
      kernelInitializer: { className: 'GlorotUniform', config: { seed: null } }, biasInitializer: { className: 'Zeros', config: {} },
      kernelRegularizer: null, biasRegularizer: null,
    });
    const fromTfjs = tl.layers.layerFromConfig('Dense', {
      name: 'dense_Dense1', trainable: true, batchInputShape: [null, 3], dtype: 'float32', units: 2, activation: 'leaky_relu', useBias: true,
      kernelInitializer: { className: 'VarianceScaling', config: { scale: 1, mode: 'fanAvg', distribution: 'normal', seed: null } },
      biasInitializer: { className: 'Zeros', config: {} }, kernelRegularizer: null, biasRegularizer: null,
      activityRegularizer: null, kernelConstraint: null, biasConstraint: null,
    });
    assert.equal(fromTfjs.name, 'dense_Dense1');
    assert.deepEqual(fromTfjs.getConfig()['activation'], 'leakyRelu');
    assert.deepEqual(fromTfjs.batchInputShape, [null, 3]);
  });

  it('names itself dense, dense_1, ... as Keras does', () => {
    assert.match(dense({ units: 1 }).name, /^dense(_\d+)?$/);
  });

  it('refuses bad arguments and inputs with typed errors naming the layer, the expectation and what was found', () => {
    assert.throws(() => dense({ units: 0, name: 'd' }), (e: Error) => e instanceof tl.ArgumentError && e.message === 'd: units must be a positive integer, found 0');
    assert.throws(() => dense({ units: 2.5, name: 'd' }), /d: units must be a positive integer, found 2.5/);
    assert.throws(() => dense({ units: 2, activation: 'swish', name: 'd' }), (e: Error) =>
      e instanceof tl.ArgumentError && /^d: activation: activationFromName: unknown activation "swish"; known: linear, relu/.test(e.message));
    assert.throws(() => dense({ units: 2, kernelInitializer: 'glorot', name: 'd' }), /: d: kernelInitializer: initializerFromConfig: unknown name 'glorot'/);
    assert.throws(() => dense({ units: 2, kernelConstraint: { className: 'MaxNorm', config: {} }, name: 'd' } as never), /d: kernelConstraint is not supported yet/);
    assert.throws(() => dense({ units: 2, name: 'd' }).apply(tl.ones([3])), (e: Error) =>
      e instanceof tl.ShapeError && e.message === 'd: expected input of rank >= 2 ([batch, ..., features]), found [null]');
    const built = withWeights(dense({ units: 2, name: 'd' }), [2], [kernel, bias]);
    assert.throws(() => built.apply(tl.ones([1, 3])), (e: Error) => e instanceof tl.ShapeError && e.message === 'd: expected input shape [null,2], found [null,3]');
    assert.throws(() => dense({ units: 2, name: 'd' }).apply(tl.input({ shape: [] })), /d: expected input of rank >= 2/);
    assert.throws(() => dense({ units: 2, name: 'd' }).ensureBuilt([null, null]), /d: the last \(features\) dimension of the input must be known to build the layer, found \[null,null\]/);
    assert.throws(() => built.setWeights([kernel]), (e: Error) => e instanceof tl.ArgumentError && /d.setWeights: expected 2 tensors, found 1/.test(e.message));
  });
});
