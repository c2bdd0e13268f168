import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import * as tl from '../../../src/index.js';
import { blobs, smallMlp } from './fixtures.js';

const compiled = (metrics: string[] = ['accuracy']) => {
  const model = smallMlp();
  model.compile({ optimizer: new tl.optimizers.Adam({ learningRate: 0.02 }), loss: 'sparseCategoricalCrossentropy', metrics });
  return model;
};

describe('fit, evaluate, predict', () => {
  it('learns a separable problem and reports loss and accuracy per epoch', async () => {
    tl.setSeed(1);
    const { x, y } = blobs(300, 2);
    const model = compiled();
    const history = await model.fit(x, y, { epochs: 8, batchSize: 32, verbose: 0, seed: 3 });
    assert.deepEqual(history.epoch, [0, 1, 2, 3, 4, 5, 6, 7]);
    const losses = history.history['loss']!;
    assert.ok(losses[7]! < losses[0]! * 0.5, `loss fell from ${losses[0]} to ${losses[7]}`);
    assert.ok(history.history['accuracy']![7]! > 0.9);
    const test = blobs(150, 4);
    const result = model.evaluate(test.x, test.y);
    assert.ok(result['accuracy']! > 0.9, `test accuracy ${result['accuracy']}`);
    assert.ok(Math.abs(result['loss']! - losses[7]!) < 0.3);
  });

  it('evaluate computes the mean per-sample loss over all batches', () => {
    tl.setSeed(5);
    const { x, y } = blobs(70, 6);
    const model = compiled([]);
    const probabilities = model.predict(x);
    const expected = -tl.mean(tl.sum(tl.mul(tl.oneHot(y, 3), tl.log(probabilities)), -1)).item();
    const { loss } = model.evaluate(x, y, { batchSize: 16 });
    assert.ok(Math.abs(loss! - expected) < 1e-5, `${loss} vs ${expected}`);
  });

  it('predict in batches equals one pass, and records no graph', () => {
    tl.setSeed(7);
    const { x } = blobs(50, 8);
    const model = compiled();
    const whole = model.predict(x, { batchSize: 50 });
    const batched = model.predict(x, { batchSize: 7 });
    // Equal up to float32 rounding: a backend may pick a different kernel for another batch size.
    const expected = whole.dataSync();
    batched.dataSync().forEach((v, i) => assert.ok(Math.abs(v - expected[i]!) < 1e-6, `element ${i}: ${v} vs ${expected[i]}`));
    assert.equal(batched.requiresGrad, false);
  });

  it('is deterministic given the global seed', async () => {
    const run = async () => {
      tl.setSeed(11);
      const { x, y } = blobs(90, 12);
      const model = compiled();
      await model.fit(x, y, { epochs: 2, batchSize: 16, verbose: 0 });
      return model.getWeights().map((w) => Array.from(w.dataSync()));
    };
    assert.deepEqual(await run(), await run());
  });

  it('validationSplit holds out the last samples and logs val_ values', async () => {
    tl.setSeed(13);
    const { x, y } = blobs(100, 14);
    const model = compiled();
    const history = await model.fit(x, y, { epochs: 2, validationSplit: 0.2, verbose: 0 });
    assert.equal(history.params!.samples, 80);
    assert.equal(history.history['val_loss']!.length, 2);
    assert.ok(history.history['val_accuracy']![1]! >= 0);
  });

  it('classWeight weighs each sample\'s loss by its class', async () => {
    tl.setSeed(17);
    const { x, y } = blobs(30, 18);
    const model = compiled([]);
    const p = model.predict(x).dataSync();
    const labels = y.dataSync();
    const weights = [3, 1, 0];
    let expected = 0;
    labels.forEach((c, i) => { expected += weights[c]! * -Math.log(p[i * 3 + c]!); });
    expected /= labels.length;
    // One batch of everything: the logged loss is the weighted loss before the single update.
    const history = await model.fit(x, y, { epochs: 1, batchSize: 30, shuffle: false, verbose: 0, classWeight: { 0: 3, 1: 1, 2: 0 } });
    assert.ok(Math.abs(history.history['loss']![0]! - expected) < 1e-5, `${history.history['loss']![0]} vs ${expected}`);
  });

  it('callbacks see every hook in Keras order, and EarlyStopping ends training', async () => {
    tl.setSeed(19);
    const { x, y } = blobs(60, 20);
    const model = compiled();
    const events: string[] = [];
    const recorder: tl.callbacks.Callback = {
      onTrainBegin: () => { events.push('trainBegin'); },
      onEpochBegin: (e) => { events.push(`epochBegin ${e}`); },
      onBatchEnd: (b, logs) => { if (b === 0) events.push(`batchEnd 0 loss ${typeof logs['loss']}`); },
      onEpochEnd: (e) => { events.push(`epochEnd ${e}`); },
      onTrainEnd: () => { events.push('trainEnd'); },
    };
    // min_delta 10 can never be met, so training stops once patience (1) runs out: after epoch 1.
    const stopper = new tl.callbacks.EarlyStopping({ monitor: 'loss', minDelta: 10, patience: 1 });
    const history = await model.fit(x, y, { epochs: 10, batchSize: 30, verbose: 0, callbacks: [recorder, stopper] });
    assert.equal(history.epoch.length, 2);
    assert.equal(stopper.stoppedEpoch, 1);
    assert.deepEqual(events, [
      'trainBegin', 'epochBegin 0', 'batchEnd 0 loss number', 'epochEnd 0',
      'epochBegin 1', 'batchEnd 0 loss number', 'epochEnd 1', 'trainEnd',
    ]);
  });

  it('ReduceLROnPlateau lowers the learning rate when the monitored value stalls', async () => {
    tl.setSeed(23);
    const { x, y } = blobs(30, 24);
    const model = compiled();
    const reducer = new tl.callbacks.ReduceLROnPlateau({ monitor: 'loss', minDelta: 10, patience: 1, factor: 0.5 });
    const history = await model.fit(x, y, { epochs: 3, verbose: 0, callbacks: [reducer] });
    // Epoch 0 improves on +Infinity; epochs 1 and 2 cannot improve by minDelta 10, so each halves the rate.
    assert.deepEqual(history.history['lr'], [0.02, 0.01, 0.005]);
    assert.equal(model.learningRate, 0.005);
  });

  it('CSV and JSON-lines loggers write one line per epoch', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tensile-log-'));
    try {
      tl.setSeed(29);
      const { x, y } = blobs(30, 30);
      const model = compiled();
      const csv = join(dir, 'log.csv');
      const jsonl = join(dir, 'log.jsonl');
      await model.fit(x, y, { epochs: 2, verbose: 0, callbacks: [tl.callbacks.csvLogger(csv), tl.callbacks.jsonLinesLogger(jsonl)] });
      const csvLines = readFileSync(csv, 'utf8').trim().split('\n');
      assert.equal(csvLines[0], 'epoch,accuracy,loss');
      assert.match(csvLines[2]!, /^1,[0-9.]+,[0-9.]+$/);
      const records = readFileSync(jsonl, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, number>);
      assert.deepEqual(records.map((r) => r['epoch']), [0, 1]);
      assert.equal(typeof records[1]!['loss'], 'number');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('fit and friends refuse bad input', () => {
  it('before compile, mismatched samples, NaN data, bad options', async () => {
    const { x, y } = blobs(12, 1);
    const model = smallMlp();
    await assert.rejects(model.fit(x, y), /call compile\(\{optimizer, loss\}\) first/);
    model.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy' });
    await assert.rejects(model.fit(x, tl.slice(y, [0], [5])), (e: Error) =>
      e instanceof tl.ShapeError && /x and y must have the same number of samples along axis 0, found x \[12,4\] and y \[5\]/.test(e.message));
    const poisoned = tl.tensor(Array.from(x.dataSync(), (v, i) => (i === 9 ? NaN : v)), [12, 4]);
    await assert.rejects(model.fit(poisoned, y), /x holds NaN at flat index 9 \(sample 2\)/);
    await assert.rejects(model.fit(x, y, { epochs: 0 }), /epochs must be a positive integer, found 0/);
    await assert.rejects(model.fit(x, y, { batchSize: 2.5 }), /batchSize must be a positive integer, found 2.5/);
    await assert.rejects(model.fit(x, y, { validationSplit: 1 }), /validationSplit must be in \[0, 1\)/);
    await assert.rejects(model.fit(x, y, { classWeight: { 0: 1 }, verbose: 0 }), /classWeight has no entry for class/);
  });

  it('predict with the wrong sample shape names both shapes', () => {
    const model = smallMlp();
    assert.throws(() => model.predict(tl.zeros([2, 5])), (e: Error) =>
      e instanceof tl.ShapeError && /expects shape \[null,4\], found \[2,5\]/.test(e.message));
  });
});
