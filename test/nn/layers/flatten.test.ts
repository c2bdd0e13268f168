import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as tl from '../../../src/index.js';
import { layerContract } from '../layerContract.js';

const { flatten } = tl.layers;

layerContract({
  make: () => flatten(),
  input: () => tl.randomUniform([2, 3, 4, 5], -1, 1, 'float32', 1),
  outputShape: [2, 60],
  weights: [],
});

describe('flatten', () => {
  it('keeps the batch and lays each sample out in row-major order', () => {
    const y = flatten().apply(tl.tensor([[[1, 2, 3], [4, 5, 6]], [[7, 8, 9], [10, 11, 12]]]));
    assert.deepEqual(y.toArray(), [[1, 2, 3, 4, 5, 6], [7, 8, 9, 10, 11, 12]]);
    assert.deepEqual(flatten().apply(tl.tensor([[1, 2]])).toArray(), [[1, 2]]);
  });

  it('refuses channelsFirst and inputs whose sample shape is not fully known', () => {
    assert.throws(() => flatten({ dataFormat: 'channelsFirst', name: 'f' }), (e: Error) => e instanceof tl.ArgumentError && /f: dataFormat 'channelsFirst' is not supported/.test(e.message));
    assert.throws(() => flatten({ name: 'f' }).apply(tl.input({ shape: [3, null as never] })), (e: Error) =>
      e instanceof tl.ShapeError && e.message === 'f: every input dimension but the batch must be known, found [null,3,null]');
  });
});
