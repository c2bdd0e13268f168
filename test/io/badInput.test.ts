import assert from 'node:assert/strict';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import * as tl from '../../src/index.js';
import { modelFromTopology } from '../../src/io/index.js';
import * as layers from '../../src/nn/layers/index.js';
import { LayersModel, Sequential } from '../../src/nn/model/index.js';
import { withTempDir } from '../helpers/saveLoad.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- tests edit model.json freely

/** Saves a small model into a temporary directory, lets `spoil` damage the files, and returns what loading throws. */
async function loadError(spoil: (dir: string, json: Json) => Promise<Json | string | void>, model = sequentialModel()): Promise<{ error: Error; dir: string }> {
  return withTempDir(async (dir) => {
    await model.save(dir);
    const file = join(dir, 'model.json');
    const changed = await spoil(dir, JSON.parse(await readFile(file, 'utf8')) as Json);
    if (changed !== undefined) await writeFile(file, typeof changed === 'string' ? changed : JSON.stringify(changed));
    try {
      await tl.loadLayersModel(dir);
    } catch (error) {
      return { error: error as Error, dir };
    }
    throw new assert.AssertionError({ message: 'loading the damaged model succeeded' });
  });
}

function sequentialModel(): LayersModel {
  return new Sequential({ layers: [layers.dense({ units: 3, inputShape: [4], name: 'hidden' }), layers.dense({ units: 2, name: 'out' })] });
}

function functionalModel(): LayersModel {
  const inp = layers.input({ shape: [4], name: 'in' });
  return new LayersModel({ inputs: inp, outputs: layers.dense({ units: 2, name: 'out' }).apply(inp) });
}

/** Asserts a typed error whose message names the file and matches `pattern` (what was expected and found). */
function assertError({ error, dir }: { error: Error; dir: string }, type: typeof tl.TensileError, file: string, pattern: RegExp): void {
  assert.ok(error instanceof type, `expected a ${type.name}, found ${error.name}: ${error.message}`);
  assert.ok(error.message.includes(join(dir, file)), `the message names ${file}: ${error.message}`);
  assert.match(error.message, pattern);
}

describe('loading bad files: typed errors that name the file, what was expected and what was found', () => {
  it('model.json is not JSON', async () => {
    assertError(await loadError(async () => '{"modelTopology": '), tl.DataError, 'model.json', /not valid JSON/);
  });

  it('model.json lacks a field or has one of the wrong type', async () => {
    assertError(await loadError(async (_, json) => ({ ...json, modelTopology: undefined })), tl.DataError, 'model.json', /modelTopology must be an object, found undefined/);
    assertError(await loadError(async (_, json) => ({ ...json, weightsManifest: 'weights.bin' })), tl.DataError, 'model.json', /weightsManifest must be an array, found "weights.bin"/);
    assertError(await loadError(async (_, json) => {
      json.weightsManifest[0].weights[0].shape = [4, 'three'];
      return json;
    }), tl.DataError, 'model.json', /weightsManifest\[0\]\.weights\[0\]\.shape\[1\] must be a non-negative integer, found "three"/);
    assertError(await loadError(async (_, json) => {
      json.weightsManifest[0].weights[1].dtype = 'bool';
      return json;
    }), tl.DataError, 'model.json', /weights\[1\]\.dtype must be 'float32' or 'int32', found "bool"/);
    assertError(await loadError(async (_, json) => ({ ...json, format: 'graph-model' })), tl.DataError, 'model.json', /format must be 'layers-model', found "graph-model"/);
    assertError(await loadError(async (_, json) => {
      json.modelTopology.class_name = 'Pipeline';
      return json;
    }), tl.DataError, 'model.json', /class_name must be 'Sequential', 'Model' or 'Functional', found "Pipeline"/);
  });

  it('a layer config the layer refuses names the layer and the problem', async () => {
    assertError(await loadError(async (_, json) => {
      json.modelTopology.config.layers[1].config.units = -2;
      return json;
    }), tl.DataError, 'model.json', /config\.layers\[1\] \(Dense\): .*units must be a positive integer, found -2/);
  });

  it('an unknown layer class: which one, and the known ones', async () => {
    const { error, dir } = await loadError(async (_, json) => {
      json.modelTopology.config.layers[1].class_name = 'ConvLSTM2D';
      return json;
    });
    assertError({ error, dir }, tl.DataError, 'model.json', /unknown layer class 'ConvLSTM2D'; known: .*BatchNormalization.*Dense.*Embedding/);
  });

  it('a functional model whose call refers to a layer that is not there', async () => {
    assertError(await loadError(async (_, json) => {
      json.modelTopology.config.layers[1].inbound_nodes[0][0][0] = 'ghost';
      return json;
    }, functionalModel()), tl.DataError, 'model.json', /inbound_nodes\[0\]\[0\]\[0\] must be the name of a layer in the model, found "ghost"/);
  });

  it('a functional model whose calls cannot be replayed: a cycle, two inputs to a one-input layer, an output that is not there', async () => {
    const edit = (change: (node: unknown[]) => void) => async (_: string, json: Json) => {
      change(json.modelTopology.config.layers[1].inbound_nodes[0]);
      return json;
    };
    assertError(await loadError(edit((node) => { node[0] = ['out', 0, 0, {}]; }), functionalModel()), tl.DataError, 'model.json',
      /inbound_nodes must be calls on outputs that some other call produces, found "output 0 of call 0 of 'out', which never happens"/);
    assertError(await loadError(edit((node) => { node.push(['in', 0, 0, {}]); }), functionalModel()), tl.DataError, 'model.json',
      /\(Dense\): .*expected one input, found 2/);
    assertError(await loadError(edit((node) => { node[0] = ['in', 0, 1, {}]; }), functionalModel()), tl.DataError, 'model.json',
      /found "output 1 of call 0 of 'in', which never happens"/);
  });

  it('weights.bin is truncated, or longer than the manifest says', async () => {
    const resize = (delta: number) => async (dir: string) => {
      const bytes = await readFile(join(dir, 'weights.bin'));
      await writeFile(join(dir, 'weights.bin'), delta < 0 ? bytes.subarray(0, bytes.byteLength + delta) : Buffer.concat([bytes, Buffer.alloc(delta)]));
    };
    // 4x3 + 3 + 3x2 + 2 = 23 floats = 92 bytes.
    assertError(await loadError(resize(-8)), tl.DataError, 'weights.bin', /truncated: the manifest describes 92 bytes \(4 weights\), found 84 bytes/);
    assertError(await loadError(resize(4)), tl.DataError, 'weights.bin', /longer than the manifest says: the manifest describes 92 bytes \(4 weights\), found 96 bytes/);
  });

  it("a weight whose name or shape does not match the model's", async () => {
    assertError(await loadError(async (_, json) => {
      json.weightsManifest[0].weights[0].name = 'hidden/kernel_1';
      return json;
    }), tl.DataError, 'model.json', /no saved weight for the model's variable 'hidden\/kernel'; the manifest lists 'hidden\/kernel_1', 'hidden\/bias'/);
    assertError(await loadError(async (_, json) => {
      json.weightsManifest[0].weights[0].shape = [3, 4];
      return json;
    }), tl.DataError, 'model.json', /weight 'hidden\/kernel' is float32 \[3,4\], but the model's variable is float32 \[4,3\]/);
    assertError(await loadError(async (dir, json) => {
      json.weightsManifest[0].weights.push({ name: 'stray/bias', shape: [0], dtype: 'float32' });
      return json;
    }), tl.DataError, 'model.json', /the manifest has weights no layer of the model has: 'stray\/bias'/);
  });

  it('a missing model.json or weights file', async () => {
    assertError(await loadError(async (dir) => rm(join(dir, 'model.json'))), tl.IOError, 'model.json', /does not exist/);
    assertError(await loadError(async (dir) => rm(join(dir, 'weights.bin'))), tl.IOError, 'weights.bin', /does not exist/);
  });

  it('weights.bin whose checksum differs from the one model.json records', async () => {
    const { error, dir } = await loadError(async (dir) => {
      const bytes = await readFile(join(dir, 'weights.bin'));
      bytes[5] = bytes[5]! ^ 0xff;
      await writeFile(join(dir, 'weights.bin'), bytes);
    });
    assertError({ error, dir }, tl.DataError, 'weights.bin', /checksum mismatch: .*model\.json records SHA-256 [0-9a-f]{64}, the file has [0-9a-f]{64}/);
  });

  it('a manifest path that leads out of the model directory', async () => {
    assertError(await loadError(async (_, json) => {
      json.weightsManifest[0].paths = ['../../etc/passwd'];
      return json;
    }), tl.DataError, 'model.json', /weightsManifest path '..\/..\/etc\/passwd' must be relative to the model's directory/);
  });

  it('a training config naming a loss Tensile does not have: saved by class and config, refused on load', async () => {
    const model = sequentialModel();
    const own = tl.losses.meanSquaredError();
    model.compile({ optimizer: 'adam', loss: { ...own, name: 'huberish', getConfig: () => ({ className: 'Huberish', config: { delta: 2 } }) } });
    assertError(await loadError(async (_, json) => {
      assert.deepEqual(json.trainingConfig.loss, { class_name: 'Huberish', config: { delta: 2 } });
    }, model), tl.DataError, 'model.json', /trainingConfig\.loss: .*unknown loss "Huberish"/);
  });

  it('a model with two layers of one name cannot be saved (its weights would be ambiguous), and nothing is written', async () => {
    const model = new Sequential({ layers: [layers.dense({ units: 2, inputShape: [2], name: 'twin' }), layers.dense({ units: 2, name: 'twin' })] });
    await withTempDir(async (dir) => {
      await assert.rejects(model.save(join(dir, 'model')), (e: Error) => e instanceof tl.ArgumentError && /two weights are named 'twin\/kernel'; give the layers distinct names/.test(e.message));
      await assert.rejects(readFile(join(dir, 'model', 'model.json')), /ENOENT/);
    });
  });

  it('bad arguments: a path that is not a string, a file path to save into', async () => {
    await assert.rejects(tl.loadLayersModel(42 as unknown as string), (e: Error) => e instanceof tl.ArgumentError && /expected a directory path or 'file:\/\/' URL, found 42/.test(e.message));
    await assert.rejects(sequentialModel().save('out/model.json'), (e: Error) => e instanceof tl.ArgumentError && /expected a directory .* found the file path 'out\/model.json'/.test(e.message));
    assert.throws(() => modelFromTopology('not a topology'), (e: Error) => e instanceof tl.DataError && /model topology must be an object, found "not a topology"/.test(e.message));
  });
});
