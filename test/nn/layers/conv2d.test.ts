import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as tl from '../../../src/index.js';
import { assertClose, toND } from '../../helpers/opCheck.js';
import * as ref from '../../helpers/reference.js';
import { layerContract, rounded, withWeights } from '../layerContract.js';

const { conv2d } = tl.layers;
/** The 4x4 image with x[r][c] = 4r + c + 1, as [1, 4, 4, 1]. */
const image = tl.range(1, 17).reshape([1, 4, 4, 1]);
/** [[1, 2, 0], [0, 1, 0], [0, 0, -1]] as HWIO [3, 3, 1, 1]. */
const kernel = tl.tensor([1, 2, 0, 0, 1, 0, 0, 0, -1], [3, 3, 1, 1]);

layerContract({
  make: () => conv2d({ filters: 4, kernelSize: 3, activation: 'relu', biasInitializer: 'randomNormal' }),
  input: () => tl.randomUniform([2, 6, 5, 3], -1, 1, 'float32', 1),
  outputShape: [2, 4, 3, 4],
  weights: [{ name: 'kernel', shape: [3, 3, 3, 4], trainable: true }, { name: 'bias', shape: [4], trainable: true }],
});

layerContract({
  title: "'same' padding, strides 2, a 2x3 kernel, no bias",
  make: () => conv2d({ filters: 2, kernelSize: [2, 3], strides: 2, padding: 'same', useBias: false }),
  input: () => tl.randomUniform([1, 5, 6, 2], -1, 1, 'float32', 2),
  outputShape: [1, 3, 3, 2],
  weights: [{ name: 'kernel', shape: [2, 3, 2, 2], trainable: true }],
});

describe('conv2d', () => {
  it('a 3x3 kernel on a 4x4 image, by hand: out[i][j] = x[i][j] + 2 x[i][j+1] + x[i+1][j+1] - x[i+2][j+2] = 12i + 3j', () => {
    const layer = withWeights(conv2d({ filters: 1, kernelSize: 3 }), [4, 4, 1], [kernel, tl.tensor([0])]);
    const y = layer.apply(image);
    assert.deepEqual([...y.shape], [1, 2, 2, 1]);
    assert.deepEqual(rounded(y), [0, 3, 12, 15]);
    const shifted = withWeights(conv2d({ filters: 1, kernelSize: 3, activation: 'relu' }), [4, 4, 1], [kernel, tl.tensor([-5])]);
    assert.deepEqual(rounded(shifted.apply(image)), [0, 0, 7, 10]);
  });

  it("'same' padding, strides, dilation and several channels agree with the float64 reference convolution plus bias", () => {
    const x = tl.randomUniform([2, 7, 6, 3], -1, 1, 'float32', 5);
    const w = tl.randomUniform([3, 2, 3, 4], -1, 1, 'float32', 6);
    const b = tl.tensor([0.1, -0.2, 0.3, 0]);
    const cases: { strides: [number, number]; dilationRate: [number, number]; padding: 'valid' | 'same' }[] = [
      { strides: [2, 2], dilationRate: [1, 1], padding: 'same' },
      { strides: [1, 1], dilationRate: [2, 2], padding: 'same' },
      { strides: [2, 1], dilationRate: [1, 1], padding: 'valid' },
    ];
    for (const { strides, dilationRate, padding } of cases) {
      const layer = withWeights(conv2d({ filters: 4, kernelSize: [3, 2], strides, dilationRate, padding }), [7, 6, 3], [w, b]);
      const expected = ref.zip(ref.conv2d(toND(x), toND(w), strides, padding, dilationRate), toND(b), (a, c) => a + c);
      const y = layer.apply(x);
      assert.deepEqual([...y.shape], expected.shape);
      assertClose(y.dataSync(), expected.data, 1e-4, 1e-5, `strides ${strides}, dilation ${dilationRate}, ${padding}`);
    }
  });

  it('writes kernelSize, strides and dilationRate as pairs, and its padding and dataFormat', () => {
    const config = conv2d({ filters: 8, kernelSize: 5, strides: [1, 2], padding: 'same' }).getConfig();
    assert.deepEqual(
      [config['filters'], config['kernelSize'], config['strides'], config['padding'], config['dataFormat'], config['dilationRate']],
      [8, [5, 5], [1, 2], 'same', 'channelsLast', [1, 1]],
    );
    assert.match(conv2d({ filters: 1, kernelSize: 1 }).name, /^conv2d(_\d+)?$/);
    const python = tl.layers.layerFromConfig('Conv2D', { filters: 1, kernelSize: [1, 1], dataFormat: 'channels_last', padding: 'valid' });
    assert.equal(python.getConfig()['dataFormat'], 'channelsLast');
  });

  it('refuses bad arguments and inputs with typed errors naming the layer', () => {
    assert.throws(() => conv2d({ filters: 1, kernelSize: 0, name: 'c' }), (e: Error) =>
      e instanceof tl.ArgumentError && e.message === 'c: kernelSize must be a positive integer or a pair of them, found 0');
    assert.throws(() => conv2d({ filters: 1, kernelSize: [3], name: 'c' } as never), /c: kernelSize must be a positive integer or a pair of them, found \[3\]/);
    assert.throws(() => conv2d({ filters: 0, kernelSize: 3, name: 'c' }), /c: filters must be a positive integer, found 0/);
    assert.throws(() => conv2d({ filters: 1, kernelSize: 3, padding: 'full' as never, name: 'c' }), (e: Error) =>
      e instanceof tl.ArgumentError && e.message === "c: padding must be one of 'valid', 'same', found \"full\"");
    assert.throws(() => conv2d({ filters: 1, kernelSize: 3, dataFormat: 'channelsFirst', name: 'c' }), (e: Error) =>
      e instanceof tl.ArgumentError && /c: dataFormat 'channelsFirst' is not supported; expected 'channelsLast'/.test(e.message));
    assert.throws(() => conv2d({ filters: 1, kernelSize: 3, name: 'c' }).apply(tl.ones([1, 4, 4])), (e: Error) =>
      e instanceof tl.ShapeError && e.message === 'c: expected input of rank 4 ([batch, height, width, channels]), found [null,4,4]');
    assert.throws(() => conv2d({ filters: 1, kernelSize: 5, name: 'c' }).apply(tl.ones([1, 4, 4, 1])), (e: Error) =>
      e instanceof tl.ShapeError && e.message === "c: input [null,4,4,1] is too small for a 5x5 window with padding 'valid': the output would be 0x0");
    const built = withWeights(conv2d({ filters: 1, kernelSize: 3, name: 'c' }), [4, 4, 1], [kernel, tl.tensor([0])]);
    assert.throws(() => built.apply(tl.ones([1, 4, 4, 2])), /c: expected input shape \[null,4,4,1\], found \[null,4,4,2\]/);
  });
});
