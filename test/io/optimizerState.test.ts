import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import * as tl from '../../src/index.js';
import * as layers from '../../src/nn/layers/index.js';
import type { LayersModel } from '../../src/nn/model/index.js';
import { Sequential } from '../../src/nn/model/index.js';
import type { Optimizer } from '../../src/nn/optimizers/index.js';
import { withTempDir } from '../helpers/saveLoad.js';

const x = tl.randomUniform([8, 3], -1, 1, 'float32', 11);
const y = tl.tensor([0, 1, 2, 1, 0, 2, 2, 1]).cast('int32');

function makeModel(optimizer: Optimizer): LayersModel {
  const model = new Sequential({
    layers: [layers.dense({ units: 5, activation: 'relu', inputShape: [3], kernelInitializer: { className: 'GlorotUniform', config: { seed: 1 } } }),
      layers.dense({ units: 3, activation: 'softmax', kernelInitializer: { className: 'GlorotUniform', config: { seed: 2 } } })],
  });
  model.compile({ optimizer, loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
  return model;
}

function train(model: LayersModel, steps: number): void {
  for (let i = 0; i < steps; i++) model.trainOnBatch(x, y);
}

const values = (model: LayersModel): number[][] => model.getWeights().map((w) => Array.from(w.dataSync()));

// One of each kind of state: Adam's two moments, momentum's velocity, RMSprop's mean square.
const OPTIMIZERS: [string, () => Optimizer][] = [
  ['Adam', () => new tl.optimizers.Adam({ learningRate: 0.05 })],
  ['SGD with momentum', () => new tl.optimizers.SGD({ learningRate: 0.1, momentum: 0.9 })],
  ['RMSprop', () => new tl.optimizers.RMSprop({ learningRate: 0.01 })],
];

describe('save with includeOptimizer: training resumes exactly', () => {
  for (const [title, make] of OPTIMIZERS) {
    it(`${title}: 3 steps, save, load, 3 more steps = 6 uninterrupted steps`, async () => {
      const uninterrupted = makeModel(make());
      train(uninterrupted, 6);
      const model = makeModel(make());
      train(model, 3);
      await withTempDir(async (dir) => {
        await model.save(dir, { includeOptimizer: true });
        const resumed = await tl.loadLayersModel(dir);
        train(resumed, 3);
        assert.deepEqual(values(resumed), values(uninterrupted));
        // Without the optimizer's state, the same 3 steps go elsewhere: the check above can fail.
        await model.save(dir);
        const restarted = await tl.loadLayersModel(dir);
        train(restarted, 3);
        assert.notDeepEqual(values(restarted), values(uninterrupted));
      });
    });
  }

  it("writes the state as TF.js does: trainingConfig and a weight group 'optimizer' after the model's weights", async () => {
    const model = makeModel(new tl.optimizers.Adam({ learningRate: 0.05 }));
    train(model, 2);
    await withTempDir(async (dir) => {
      await model.save(dir, { includeOptimizer: true });
      const json = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8'));
      assert.deepEqual(json.trainingConfig, {
        loss: 'sparse_categorical_crossentropy',
        metrics: ['accuracy'],
        optimizer_config: { class_name: 'Adam', config: { learningRate: 0.05, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 } },
      });
      const specs = json.weightsManifest[0].weights as { name: string; shape: number[]; dtype: string; group?: string }[];
      assert.deepEqual(specs.filter((s) => s.group === undefined).map((s) => s.name), model.weights.map((v) => v.name));
      const state = specs.filter((s) => s.group === 'optimizer');
      assert.deepEqual(state[0], { name: 'iter', shape: [], dtype: 'int32', group: 'optimizer' });
      assert.equal(state.length, 1 + 2 * 4, 'iter, then m and v for each of the 4 trainable weights');
      const loaded = await tl.loadLayersModel(dir);
      assert.deepEqual(values(loaded), values(model));
    });
  });

  it('a compiled model saved without its optimizer state comes back compiled with a fresh optimizer of the same config', async () => {
    const model = makeModel(new tl.optimizers.Adam({ learningRate: 0.05 }));
    train(model, 2);
    await withTempDir(async (dir) => {
      await model.save(dir);
      const loaded = await tl.loadLayersModel(dir);
      assert.equal(loaded.learningRate, 0.05);
      assert.deepEqual(loaded.evaluate(x, y), model.evaluate(x, y));
    });
  });

  it('a loss with options is saved by class and config, so they survive', async () => {
    const model = makeModel(new tl.optimizers.Adam());
    model.compile({ optimizer: 'adam', loss: tl.losses.sparseCategoricalCrossentropy({ fromLogits: true }) });
    await withTempDir(async (dir) => {
      await model.save(dir);
      const json = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8'));
      assert.deepEqual(json.trainingConfig.loss, { class_name: 'SparseCategoricalCrossentropy', config: { from_logits: true } });
      const loaded = await tl.loadLayersModel(dir);
      assert.deepEqual(loaded.evaluate(x, y), model.evaluate(x, y));
    });
  });

  it('includeOptimizer on a model never compiled is an ArgumentError', async () => {
    const model = new Sequential({ layers: [layers.dense({ units: 1, inputShape: [2] })] });
    await assert.rejects(model.save('/nonexistent/never-written', { includeOptimizer: true }), (e: Error) =>
      e instanceof tl.ArgumentError && /includeOptimizer needs a compiled model/.test(e.message));
  });
});
