import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as tl from '../../../src/index.js';
import * as ref from '../../helpers/reference.js';
import type { NDArray } from '../../helpers/reference.js';
import { layerContract, rounded, withWeights } from '../layerContract.js';
import { checkLayerGradients } from '../layerGradientCheck.js';

const { batchNormalization } = tl.layers;

layerContract({
  make: () => batchNormalization(),
  input: () => tl.randomUniform([4, 3], -1, 1, 'float32', 1),
  outputShape: [4, 3],
  weights: [
    { name: 'gamma', shape: [3], trainable: true },
    { name: 'beta', shape: [3], trainable: true },
    { name: 'moving_mean', shape: [3], trainable: false },
    { name: 'moving_variance', shape: [3], trainable: false },
  ],
});

layerContract({
  title: 'NHWC images, no beta',
  make: () => batchNormalization({ center: false, momentum: 0.9 }),
  input: () => tl.randomUniform([2, 3, 3, 2], -1, 1, 'float32', 2),
  outputShape: [2, 3, 3, 2],
  weights: [
    { name: 'gamma', shape: [2], trainable: true },
    { name: 'moving_mean', shape: [2], trainable: false },
    { name: 'moving_variance', shape: [2], trainable: false },
  ],
});

/** Training-mode batch normalization in float64 over every axis but `axis`. */
function batchNormReference(axis: number, epsilon: number) {
  return (x: NDArray, gamma: NDArray, beta: NDArray): NDArray => {
    const axes = x.shape.map((_, i) => i).filter((i) => i !== axis);
    const perChannel = (v: NDArray) => ({ data: v.data, shape: x.shape.map((d, i) => (i === axis ? d : 1)) });
    const centered = ref.zip(x, ref.mean(x, axes, true), (a, m) => a - m);
    const variance = ref.mean(ref.map(centered, (c) => c * c), axes, true);
    const normalized = ref.zip(centered, variance, (c, v) => c / Math.sqrt(v + epsilon));
    return ref.zip(ref.zip(normalized, perChannel(gamma), (n, g) => n * g), perChannel(beta), (n, b) => n + b);
  };
}

const moving = (layer: tl.layers.BatchNormalization) => layer.getWeights().slice(-2).map((t) => rounded(t));

describe('batchNormalization', () => {
  it('in training normalizes with the batch statistics and moves the averages by 1 - momentum, by hand', () => {
    const layer = batchNormalization();
    // mean 2, biased variance 1: y = (x - 2) / sqrt(1 + 0.001)
    assert.deepEqual(rounded(layer.apply(tl.tensor([[1], [3]]), { training: true })), [-1 / Math.sqrt(1.001), 1 / Math.sqrt(1.001)].map((v) => +v.toFixed(5)));
    assert.deepEqual(moving(layer), [[0.02], [1]]);
    // mean 2, variance 4: moving mean 0.99 * 0.02 + 0.01 * 2, moving variance 0.99 * 1 + 0.01 * 4
    layer.apply(tl.tensor([[0], [4]]), { training: true });
    assert.deepEqual(moving(layer), [[0.0398], [1.03]]);
  });

  it('in inference uses the moving averages: gamma (x - movingMean) / sqrt(movingVariance + epsilon) + beta', () => {
    const layer = withWeights(batchNormalization({ epsilon: 0.25 }), [2], [tl.tensor([2, 1]), tl.tensor([1, 0]), tl.tensor([3, 0]), tl.tensor([4, 0.75])]);
    // feature 0: 2 (x - 3) / 2.0616 + 1; feature 1: x / 1
    assert.deepEqual(rounded(layer.apply(tl.tensor([[3, 2], [5, -1]]))), [1, 2, +(2 * 2 / Math.sqrt(4.25) + 1).toFixed(5), -1]);
    assert.deepEqual(moving(layer), [[3, 0], [4, 0.75]], 'inference leaves the averages alone');
  });

  it('training-mode gradients of input, gamma and beta match finite differences (features last)', () => {
    const layer = withWeights(batchNormalization(), [3], [tl.tensor([1.5, -0.5, 1]), tl.tensor([0.2, 0, -1]), tl.zeros([3]), tl.ones([3])]);
    checkLayerGradients({ layer, input: tl.randomUniform([5, 3], -2, 2, 'float32', 3), training: true, reference: batchNormReference(1, 1e-3) });
  });

  it('training-mode gradients with a middle features axis (axis 1 of [4, 3, 2])', () => {
    const layer = withWeights(batchNormalization({ axis: 1 }), [3, 2], [tl.tensor([1, 2, 0.5]), tl.tensor([0, 1, -1]), tl.zeros([3]), tl.ones([3])]);
    checkLayerGradients({ layer, input: tl.randomUniform([4, 3, 2], -2, 2, 'float32', 4), training: true, reference: batchNormReference(1, 1e-3) });
  });

  it('updates the moving averages without recording them, and a frozen layer uses and keeps them', () => {
    const layer = batchNormalization();
    layer.apply(tl.variable(tl.tensor([[1, 2], [3, 6]])), { training: true });
    for (const w of layer.weights.slice(-2)) assert.equal(w.tensor.requiresGrad, false, `${w.name} stays a plain leaf`);
    const frozen = withWeights(batchNormalization(), [1], [tl.ones([1]), tl.zeros([1]), tl.tensor([1]), tl.tensor([4])]);
    frozen.trainable = false;
    assert.deepEqual(rounded(frozen.apply(tl.tensor([[3], [5]]), { training: true }), 3), [+(2 / Math.sqrt(4.001)).toFixed(3), +(4 / Math.sqrt(4.001)).toFixed(3)]);
    assert.deepEqual(moving(frozen), [[1], [4]]);
  });

  it('writes its arguments and initializers', () => {
    const config = batchNormalization({ momentum: 0.9, name: 'bn' }).getConfig();
    assert.deepEqual(
      [config['axis'], config['momentum'], config['epsilon'], config['center'], config['scale'], config['gammaInitializer'], config['betaRegularizer']],
      [-1, 0.9, 1e-3, true, true, { className: 'Ones', config: {} }, null],
    );
    assert.match(batchNormalization().name, /^batch_normalization(_\d+)?$/);
  });

  it('refuses bad arguments and inputs with typed errors naming the layer', () => {
    assert.throws(() => batchNormalization({ axis: [1, 2] as never, name: 'b' }), (e: Error) =>
      e instanceof tl.ArgumentError && e.message === 'b: axis must be one integer (a list of axes is not supported), found [1,2]');
    assert.throws(() => batchNormalization({ momentum: 1.5, name: 'b' }), /b: momentum must be a number in \[0, 1\], found 1.5/);
    assert.throws(() => batchNormalization({ epsilon: 0, name: 'b' }), /b: epsilon must be a number > 0, found 0/);
    assert.throws(() => batchNormalization({ axis: 0, name: 'b' }).apply(tl.ones([2, 3])), /b: axis must not be the batch axis 0, found 0/);
    assert.throws(() => batchNormalization({ axis: 3, name: 'b' }).apply(tl.ones([2, 3])), (e: Error) =>
      e instanceof tl.ArgumentError && /^b: axis 3 is out of range for a tensor of rank 2$/.test(e.message));
    assert.throws(() => batchNormalization({ name: 'b' }).apply(tl.ones([3])), /b: expected input of rank >= 2 \(\[batch, ..., features\]\), found \[null\]/);
    assert.throws(() => batchNormalization({ name: 'b' }).apply(tl.input({ shape: [null as never] })), (e: Error) =>
      e instanceof tl.ShapeError && e.message === 'b: the axis -1 dimension of the input must be known to build the layer, found [null,null]');
  });
});
