import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tl from '../../src/index.js';
import { input } from '../../src/nn/layers/input.js';
import type { Layer } from '../../src/nn/layers/layer.js';
import { LayersModel } from '../../src/nn/model/layersModel.js';

/** Runs `body` with a fresh temporary directory, removed afterwards whatever happens. */
export async function withTempDir<T>(body: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'tensile-io-'));
  try {
    return await body(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Gives every weight new values in [0.5, 1.5) (positive, so batch normalization's variances stay
 * valid), so that a round trip cannot pass by rebuilding the initial weights.
 */
export function perturbWeights(model: LayersModel, seed = 7, [lo, hi]: readonly [number, number] = [0.5, 1.5]): void {
  model.setWeights(model.weights.map((v, i) => tl.randomUniform([...v.tensor.shape], lo, hi, v.tensor.dtype, seed + i)));
}

const configs = (model: LayersModel): unknown[] => model.layers.map((l) => [l.className, l.name, JSON.parse(JSON.stringify(l.getConfig()))]);
const weights = (model: LayersModel): unknown[] => model.weights.map((v) => [v.name, v.trainable, [...v.tensor.shape], Array.from(v.tensor.values)]);

/** Asserts that `loaded` is `original` again: the same layers and configs, weights, and predictions for `x`, exactly. */
export function assertSameModel(loaded: LayersModel, original: LayersModel, x: tl.Tensor): void {
  assert.equal(loaded.name, original.name);
  assert.deepEqual(configs(loaded), configs(original), 'layer classes, names and configs');
  assert.deepEqual(weights(loaded), weights(original), 'weights');
  assert.deepEqual(Array.from(loaded.predict(x).dataSync()), Array.from(original.predict(x).dataSync()), 'predictions');
}

/** Saves `model` into a temporary directory and loads it back. */
export function saveAndLoad(model: LayersModel): Promise<LayersModel> {
  return withTempDir(async (dir) => {
    await model.save(dir);
    return tl.loadLayersModel(dir);
  });
}

/**
 * The save/load check of the layer contract: `layer` in a one-layer model, with perturbed
 * weights, comes back from model.json + weights.bin with the same config, weights and outputs.
 */
export async function roundTripLayer(layer: Layer, x: tl.Tensor): Promise<void> {
  const inp = input({ shape: x.shape.slice(1), dtype: x.dtype });
  const model = new LayersModel({ inputs: inp, outputs: layer.apply(inp) });
  perturbWeights(model);
  assertSameModel(await saveAndLoad(model), model, x);
}
