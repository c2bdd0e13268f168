import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as tl from '../../src/index.js';
import { ShapeError } from '../../src/errors.js';
import { sampleUniform, withSampleRandomness } from '../../src/nn/sampleRandomness.js';

/** The values sampleUniform gives each listed sample, split per sample. */
function perSample(samples: number[], shape: number[], step = 4): Float32Array[] {
  const values = withSampleRandomness({ seed: 11, step, rows: Int32Array.from(samples) }, () => sampleUniform('test', shape)!.dataSync() as Float32Array);
  const size = values.length / samples.length;
  return samples.map((_, r) => values.slice(r * size, (r + 1) * size));
}

describe('per-sample training randomness', () => {
  it('a sample draws the same values wherever it sits in the batch and whoever else is in it', () => {
    const [a5, a9] = perSample([5, 9], [2, 6]);
    const [b9, , b5] = perSample([9, 7, 5], [3, 6]);
    assert.deepEqual(a5, b5);
    assert.deepEqual(a9, b9);
    assert.notDeepEqual(a5, a9);
    assert.notDeepEqual(perSample([5], [1, 6], 5)[0], a5, 'another step draws anew');
  });

  it('inside timeDistributed ([batch * steps, ...]) each sample keeps its own block of rows', () => {
    const [a5, a9] = perSample([5, 9], [2 * 3, 4]);
    const [b9, b5] = perSample([9, 5], [2 * 3, 4]);
    assert.deepEqual(a5, b5);
    assert.deepEqual(a9, b9);
    assert.equal(a5!.length, 12);
  });

  it('a shape whose first axis is not the batch (or a multiple of it) is a ShapeError naming both', () => {
    assert.throws(() => perSample([1, 2], [3, 4]), (e: unknown) => e instanceof ShapeError && /expected 2 rows \(the batch\) or a multiple of it, found shape \[3,4\]/.test(e.message));
  });

  it('outside a fit layers draw as before (no per-sample key)', () => {
    assert.equal(sampleUniform('test', [2, 3]), undefined);
  });

  it('fit trains a model with timeDistributed(dropout)', async () => {
    tl.setSeed(2);
    const model = tl.sequential([
      tl.layers.timeDistributed({ layer: tl.layers.dropout({ rate: 0.5 }), inputShape: [3, 4] }),
      tl.layers.flatten(),
      tl.layers.dense({ units: 2, activation: 'softmax' }),
    ]);
    model.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy' });
    const x = tl.randomUniform([8, 3, 4]);
    const y = tl.tensor(Int32Array.from([0, 1, 0, 1, 0, 1, 0, 1]), [8], 'int32');
    const history = await model.fit(x, y, { epochs: 2, batchSize: 4, verbose: 0 });
    assert.ok(history.history.loss!.every((l) => Number.isFinite(l)));
  });
});
