import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import * as tl from '../../src/index.js';
import * as layers from '../../src/nn/layers/index.js';
import { LayersModel, Sequential } from '../../src/nn/model/index.js';
import type { SymbolicTensor } from '../../src/nn/symbolicTensor.js';
import { assertSameModel, perturbWeights, saveAndLoad, withTempDir } from '../helpers/saveLoad.js';

const images = () => tl.randomUniform([2, 6, 6, 2], -1, 1, 'float32', 3);
const ids = () => tl.tensor([[1, 4, 9, 0], [7, 7, 2, 3]]).cast('int32');

/** Every layer type, in a stack over images: conv, normalization, both poolings, activation, dropout, flatten, dense, reshape. */
function imageLayers(): layers.Layer[] {
  return [
    layers.conv2d({ filters: 3, kernelSize: 3, padding: 'same', activation: 'relu', inputShape: [6, 6, 2] }),
    layers.batchNormalization(),
    layers.maxPooling2d({ poolSize: 2 }),
    layers.averagePooling2d({ poolSize: 2, strides: 1 }),
    layers.activation({ activation: 'tanh' }),
    layers.dropout({ rate: 0.3 }),
    layers.flatten(),
    layers.dense({ units: 4, activation: 'softmax' }),
    layers.reshape({ targetShape: [2, 2] }),
  ];
}

function idLayers(): layers.Layer[] {
  return [layers.embedding({ inputDim: 10, outputDim: 3, inputShape: [4] }), layers.flatten(), layers.dense({ units: 2 })];
}

describe('save/load round trip (TF.js layers format)', () => {
  for (const [title, make, x] of [['images', imageLayers, images], ['token ids', idLayers, ids]] as const) {
    it(`Sequential over ${title}: same configs, weights and predictions, and a Sequential again`, async () => {
      const model = new Sequential({ layers: make(), name: `seq_${title.replace(' ', '_')}` });
      perturbWeights(model);
      const loaded = await saveAndLoad(model);
      assert.ok(loaded instanceof Sequential);
      // A Sequential's input is float32, as in TF.js; embedding takes ids held as floats.
      assertSameModel(loaded, model, x().cast('float32'));
    });

    it(`functional model over ${title}: same configs, weights and predictions`, async () => {
      const stack = make();
      const sample = x();
      const inp = layers.input({ shape: sample.shape.slice(1), dtype: sample.dtype, name: 'features' });
      const out = stack.reduce<SymbolicTensor>((t, layer) => layer.apply(t), inp);
      const model = new LayersModel({ inputs: inp, outputs: out, name: 'functional' });
      perturbWeights(model);
      const loaded = await saveAndLoad(model);
      assert.ok(!(loaded instanceof Sequential));
      assertSameModel(loaded, model, sample);
    });
  }

  it('a layer called twice (shared weights) is saved once with two calls and rebuilt sharing them', async () => {
    const inp = layers.input({ shape: [4] });
    const shared = layers.dense({ units: 4, activation: 'tanh', name: 'shared' });
    const model = new LayersModel({ inputs: inp, outputs: layers.dense({ units: 1 }).apply(shared.apply(shared.apply(inp))) });
    perturbWeights(model);
    await withTempDir(async (dir) => {
      await model.save(dir);
      const json = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8'));
      const entry = json.modelTopology.config.layers.find((l: { name: string }) => l.name === 'shared');
      assert.deepEqual(entry.inbound_nodes, [[[inp.node.layer.name, 0, 0, {}]], [['shared', 0, 0, {}]]]);
      const loaded = await tl.loadLayersModel(`file://${dir}`);
      assert.equal(loaded.weights.length, 4, 'the shared layer has one kernel and one bias');
      assertSameModel(loaded, model, tl.randomUniform([3, 4], -1, 1, 'float32', 5));
    });
  });

  it('writes model.json as TF.js does: format, generatedBy, class names, snake_case configs, manifest, checksum', async () => {
    const model = new Sequential({ layers: [layers.conv2d({ filters: 2, kernelSize: 2, inputShape: [3, 3, 1], name: 'conv' }), layers.flatten({ name: 'flat' })], name: 'm' });
    await withTempDir(async (dir) => {
      await model.save(dir);
      const json = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8'));
      const bytes = await readFile(join(dir, 'weights.bin'));
      assert.equal(json.format, 'layers-model');
      assert.match(json.generatedBy, /^Tensile v\d+\.\d+\.\d+$/);
      assert.equal(json.convertedBy, null);
      assert.equal(json.trainingConfig, undefined, 'no training config for a model never compiled');
      const { class_name: className, config, keras_version: kerasVersion, backend } = json.modelTopology;
      assert.deepEqual([className, config.name, kerasVersion, backend], ['Sequential', 'm', 'tfjs-layers 4.22.0', 'tensor_flow.js']);
      const conv = config.layers[0];
      assert.equal(conv.class_name, 'Conv2D');
      assert.deepEqual([conv.config.name, conv.config.data_format, conv.config.kernel_size, conv.config.batch_input_shape], ['conv', 'channels_last', [2, 2], [null, 3, 3, 1]]);
      assert.deepEqual(json.weightsManifest, [{
        paths: ['weights.bin'],
        weights: [{ name: 'conv/kernel', shape: [2, 2, 1, 2], dtype: 'float32' }, { name: 'conv/bias', shape: [2], dtype: 'float32' }],
      }]);
      assert.equal(bytes.byteLength, (8 + 2) * 4);
      assert.deepEqual(Array.from(new Float32Array(bytes.buffer, bytes.byteOffset, 8)), Array.from(model.weights[0]!.tensor.values), 'little-endian float32, kernel first');
      const { createHash } = await import('node:crypto');
      assert.deepEqual(json.tensile, { sha256: { 'weights.bin': createHash('sha256').update(bytes).digest('hex') } });
    });
  });

  it('a Sequential built from data (no inputShape) saves the shape it was built for on its first layer', async () => {
    const model = new Sequential({ layers: [layers.dense({ units: 2 })] });
    const x = tl.ones([1, 3]);
    model.predict(x);
    const loaded = await saveAndLoad(model);
    assert.deepEqual(loaded.layers[0]!.getConfig()['batchInputShape'], [null, 3]);
    assert.deepEqual(Array.from(loaded.predict(x).dataSync()), Array.from(model.predict(x).dataSync()));
  });
});
