import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as tl from '../../../src/index.js';

/**
 * The MNIST targets of the README (98% MLP, 99.2% CNN) take full runs (`npm start`); this checks
 * the same code path on a subset so a regression in training shows up in `npm test`.
 */
describe('MNIST subset', () => {
  it('the MLP reaches 86% test accuracy after 2 epochs on 6,000 training images (PyTorch, same setup: 88%)', async () => {
    tl.setSeed(42);
    const { train, test } = tl.io.loadMnist();
    const rows = (n: number) => Array.from({ length: n }, (_, i) => i);
    const x = tl.gather(train.x, rows(6000));
    const y = tl.gather(train.y, rows(6000));
    const model = tl.sequential([
      tl.layers.flatten({ inputShape: [28, 28, 1] }),
      tl.layers.dense({ units: 128, activation: 'relu' }),
      tl.layers.dense({ units: 10, activation: 'softmax' }),
    ]);
    model.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
    await model.fit(x, y, { epochs: 2, batchSize: 32, verbose: 0 });
    const result = model.evaluate(tl.gather(test.x, rows(2000)), tl.gather(test.y, rows(2000)), { batchSize: 500 });
    assert.ok(result['accuracy']! >= 0.86, `test accuracy ${result['accuracy']}`);
  });
});
