import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as tl from '../../../src/index.js';
import { layerContract, rounded } from '../layerContract.js';

const { maxPooling2d, averagePooling2d } = tl.layers;
/** The 4x4 image with x[r][c] = 4r + c + 1, as [1, 4, 4, 1]. */
const image = tl.range(1, 17).reshape([1, 4, 4, 1]);

for (const make of [maxPooling2d, averagePooling2d]) {
  layerContract({
    make: () => make({}),
    input: () => tl.randomUniform([2, 5, 4, 3], -1, 1, 'float32', 1),
    outputShape: [2, 2, 2, 3],
    weights: [],
  });
  layerContract({
    title: "3x3 pool, strides 2, 'same' padding",
    make: () => make({ poolSize: 3, strides: 2, padding: 'same' }),
    input: () => tl.randomUniform([1, 5, 6, 2], -1, 1, 'float32', 2),
    outputShape: [1, 3, 3, 2],
    weights: [],
  });
}

describe('pooling', () => {
  it('2x2 windows of a 4x4 image by hand: max [[6, 8], [14, 16]], mean [[3.5, 5.5], [11.5, 13.5]]', () => {
    assert.deepEqual(rounded(maxPooling2d({}).apply(image)), [6, 8, 14, 16]);
    assert.deepEqual(rounded(averagePooling2d({ poolSize: 2 }).apply(image)), [3.5, 5.5, 11.5, 13.5]);
  });

  it('strides default to the pool size; overlapping windows with strides 1; same padding leaves padded cells out', () => {
    assert.deepEqual(rounded(maxPooling2d({ poolSize: [2, 2], strides: 1 }).apply(image)), [6, 7, 8, 10, 11, 12, 14, 15, 16]);
    // 3x3 image 1..9, 2x2 'same' windows: the last row and column windows only see in-bounds cells.
    const small = tl.range(1, 10).reshape([1, 3, 3, 1]);
    assert.deepEqual(rounded(averagePooling2d({ padding: 'same' }).apply(small)), [3, 4.5, 7.5, 9]);
    assert.deepEqual(maxPooling2d({ poolSize: 3 }).getConfig()['strides'], [3, 3]);
  });

  it('writes poolSize, strides, padding and dataFormat', () => {
    const config = averagePooling2d({ poolSize: [2, 3], padding: 'same', name: 'p' }).getConfig();
    assert.deepEqual(config, { name: 'p', trainable: true, dtype: 'float32', poolSize: [2, 3], strides: [2, 3], padding: 'same', dataFormat: 'channelsLast' });
    assert.match(maxPooling2d({}).name, /^max_pooling2d(_\d+)?$/);
  });

  it('refuses bad arguments and inputs with typed errors naming the layer', () => {
    assert.throws(() => maxPooling2d({ poolSize: -1, name: 'p' }), (e: Error) =>
      e instanceof tl.ArgumentError && e.message === 'p: poolSize must be a positive integer or a pair of them, found -1');
    assert.throws(() => averagePooling2d({ strides: [1, 0], name: 'p' }), /p: strides must be a positive integer or a pair of them, found \[1,0\]/);
    assert.throws(() => maxPooling2d({ dataFormat: 'channels_first', name: 'p' } as never), /p: dataFormat 'channelsFirst' is not supported/);
    assert.throws(() => maxPooling2d({ name: 'p' }).apply(tl.ones([2, 4])), (e: Error) =>
      e instanceof tl.ShapeError && e.message === 'p: expected input of rank 4 ([batch, height, width, channels]), found [null,4]');
    assert.throws(() => maxPooling2d({ poolSize: 3, name: 'p' }).apply(tl.ones([1, 2, 2, 1])), /p: input \[null,2,2,1\] is too small for a 3x3 window/);
  });
});
