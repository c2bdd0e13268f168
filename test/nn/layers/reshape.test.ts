import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as tl from '../../../src/index.js';
import { layerContract } from '../layerContract.js';

const { reshape } = tl.layers;

layerContract({
  make: () => reshape({ targetShape: [3, -1] }),
  input: () => tl.randomUniform([2, 12], -1, 1, 'float32', 1),
  outputShape: [2, 3, 4],
  weights: [],
});

describe('reshape', () => {
  it('gives each sample the target shape, inferring the -1 entry', () => {
    const x = tl.range(0, 12).reshape([2, 6]);
    assert.deepEqual(reshape({ targetShape: [3, 2] }).apply(x).toArray(), [[[0, 1], [2, 3], [4, 5]], [[6, 7], [8, 9], [10, 11]]]);
    assert.deepEqual(reshape({ targetShape: [-1, 3] }).apply(x).shape, [2, 2, 3]);
    assert.deepEqual(reshape({ targetShape: [2, 3] }).computeOutputShape([null, null]), [null, 2, 3]);
    assert.deepEqual(reshape({ targetShape: [2, -1] }).computeOutputShape([null, null]), [null, 2, null]);
  });

  it('reads null (as TF.js writes the unknown entry) and writes -1 (as Keras does)', () => {
    const layer = tl.layers.layerFromConfig('Reshape', { targetShape: [null, 4] });
    assert.deepEqual(layer.getConfig()['targetShape'], [-1, 4]);
  });

  it('refuses bad target shapes and inputs whose size does not fit, naming the layer', () => {
    assert.throws(() => reshape({ targetShape: [-1, -1], name: 'r' }), (e: Error) =>
      e instanceof tl.ArgumentError && e.message === 'r: targetShape must be an array of positive integers with at most one -1, found [-1,-1]');
    assert.throws(() => reshape({ targetShape: [0, 2], name: 'r' }), /r: targetShape must be an array of positive integers/);
    assert.throws(() => reshape({ targetShape: 6 as never, name: 'r' }), /r: targetShape must be an array .*, found 6/);
    assert.throws(() => reshape({ targetShape: [4, 2], name: 'r' }).apply(tl.ones([2, 6])), (e: Error) =>
      e instanceof tl.ShapeError && e.message === 'r: cannot reshape input [null,6] (6 values per sample) to targetShape [4,2]');
    assert.throws(() => reshape({ targetShape: [4, -1], name: 'r' }).apply(tl.ones([2, 6])), /r: cannot reshape input \[null,6\] \(6 values per sample\) to targetShape \[4,-1\]/);
  });
});
