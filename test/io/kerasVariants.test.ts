import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import * as tl from '../../src/index.js';
import * as layers from '../../src/nn/layers/index.js';
import { LayersModel, Sequential } from '../../src/nn/model/index.js';
import { assertSameModel, perturbWeights, withTempDir } from '../helpers/saveLoad.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- tests rewrite model.json freely

/** Saves `model`, rewrites model.json's topology with `rewrite`, and loads the result. */
async function loadRewritten(model: LayersModel, rewrite: (topology: Json) => Json): Promise<LayersModel> {
  return withTempDir(async (dir) => {
    await model.save(dir);
    const file = join(dir, 'model.json');
    const json = JSON.parse(await readFile(file, 'utf8')) as Json;
    await writeFile(file, JSON.stringify({ ...json, modelTopology: rewrite(json.modelTopology) }));
    return tl.loadLayersModel(file);
  });
}

function sequentialModel(): Sequential {
  const model = new Sequential({ layers: [layers.dense({ units: 3, activation: 'relu', inputShape: [4], name: 'hidden' }), layers.dense({ units: 2, name: 'out' })], name: 'seq' });
  perturbWeights(model);
  return model;
}

const x = tl.randomUniform([2, 4], -1, 1, 'float32', 4);

describe('topologies as Keras 2 and its TF.js converter write them', () => {
  it("the converter's wrapper: modelTopology.model_config", async () => {
    const model = sequentialModel();
    assertSameModel(await loadRewritten(model, (t) => ({ keras_version: '2.15.0', backend: 'tensorflow', model_config: t })), model, x);
  });

  it('a Sequential whose first layer is an InputLayer holding the input shape', async () => {
    const model = sequentialModel();
    const loaded = await loadRewritten(model, (t) => {
      const [first, ...rest] = t.config.layers;
      const { batch_input_shape: shape, ...config } = first.config;
      const input = { class_name: 'InputLayer', config: { batch_input_shape: shape, dtype: 'float32', sparse: false, name: 'input_1' } };
      return { ...t, config: { ...t.config, layers: [input, { ...first, config }, ...rest] } };
    });
    assertSameModel(loaded, model, x);
  });

  it('a legacy Sequential config: the list of layers itself', async () => {
    const model = sequentialModel();
    const loaded = await loadRewritten(model, (t) => ({ ...t, config: t.config.layers }));
    assert.ok(loaded instanceof Sequential);
    assert.deepEqual(Array.from(loaded.predict(x).dataSync()), Array.from(model.predict(x).dataSync()));
  });

  it("a functional model named by Keras' class 'Functional'", async () => {
    const inp = layers.input({ shape: [4], name: 'in' });
    const model = new LayersModel({ inputs: inp, outputs: layers.dense({ units: 2, name: 'out' }).apply(inp), name: 'fn' });
    perturbWeights(model);
    assertSameModel(await loadRewritten(model, (t) => ({ ...t, class_name: 'Functional' })), model, x);
  });
});
