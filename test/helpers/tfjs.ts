import assert from 'node:assert/strict';
import { it } from 'node:test';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import * as tl from '../../src/index.js';
import type { LayersModel } from '../../src/nn/model/index.js';
import { perturbWeights, withTempDir } from './saveLoad.js';

/**
 * Moving models between Tensile and @tensorflow/tfjs 4.22 in tests. TF.js runs on its cpu backend
 * (no tfjs-node here), so it reads and writes through in-memory handlers; the files in between
 * are real.
 */

export const TOLERANCE = 1e-5;

export function assertClose(found: ArrayLike<number>, expected: ArrayLike<number>, what: string): void {
  assert.equal(found.length, expected.length, `${what}: number of values`);
  for (let i = 0; i < found.length; i++) {
    assert.ok(Math.abs(found[i]! - expected[i]!) <= TOLERANCE, `${what}: value ${i} is ${found[i]}, expected ${expected[i]} (within ${TOLERANCE})`);
  }
}

/** The same sample data for both libraries. */
export function sample(shape: number[], seed: number, ids = 0, edit?: (values: Float32Array) => void): { tensile: tl.Tensor; tfjs: tf.Tensor } {
  const values = tl.randomUniform(shape, ids === 0 ? -1 : 0, ids === 0 ? 1 : ids, ids === 0 ? 'float32' : 'int32', seed).cast('float32').dataSync() as Float32Array;
  edit?.(values);
  return { tensile: tl.tensor(values, shape), tfjs: tf.tensor(Array.from(values), shape) };
}

export async function tfjsFromTensile(model: LayersModel, options: tl.SaveOptions = {}): Promise<tf.LayersModel> {
  return withTempDir(async (dir) => {
    await model.save(dir, options);
    const json = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8'));
    const bytes = await readFile(join(dir, 'weights.bin'));
    const weightData = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    return tf.loadLayersModel(tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs: json.weightsManifest[0].weights, weightData, trainingConfig: json.trainingConfig }));
  });
}

/** Saves a TF.js model as its file handler would (model.json + weights.bin) and loads it with Tensile. */
export async function tensileFromTfjs(model: tf.LayersModel, includeOptimizer = false): Promise<LayersModel> {
  let artifacts: tf.io.ModelArtifacts | undefined;
  await model.save(tf.io.withSaveHandler(async (a) => {
    artifacts = a;
    return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
  }), { includeOptimizer });
  const { modelTopology, format, generatedBy, convertedBy, trainingConfig, weightSpecs, weightData } = artifacts!;
  const parts = Array.isArray(weightData) ? weightData : [weightData!];
  return withTempDir(async (dir) => {
    const manifest = [{ paths: ['weights.bin'], weights: weightSpecs }];
    await writeFile(join(dir, 'model.json'), JSON.stringify({ modelTopology, format, generatedBy, convertedBy, weightsManifest: manifest, trainingConfig }));
    await writeFile(join(dir, 'weights.bin'), Buffer.concat(parts.map((p) => new Uint8Array(p))));
    return tl.loadLayersModel(dir);
  });
}

/** Gives a TF.js model's weights new values in [lo, hi), as perturbWeights does for Tensile. */
export function perturbTfjs(model: tf.LayersModel, seed = 3, [lo, hi]: readonly [number, number] = [0.5, 1.5]): void {
  model.setWeights(model.weights.map((w, i) => tf.randomUniform(w.shape as number[], lo, hi, 'float32', seed + i)));
}

export interface InteropCase {
  title: string;
  /** Samples of this shape; `ids` > 0: integer ids in [0, ids), as floats. */
  shape: number[];
  ids?: number;
  tensile: () => LayersModel;
  tfjs: () => tf.LayersModel;
  /** Changes the sample's values in place (e.g. pads some steps). */
  edit?: (values: Float32Array) => void;
  /** Range of the random weights both sides get (default [0.5, 1.5)); recurrent gates need small signed ones not to saturate. */
  weightRange?: [number, number];
}

/**
 * Two tests per case: saved by Tensile and loaded by TF.js, saved by TF.js and loaded by Tensile;
 * each time the same layer names or weight names, and the same predictions.
 */
export function interopTests(cases: readonly InteropCase[]): void {
  for (const c of cases) {
    it(`${c.title}: saved by Tensile, loaded by TF.js, same predictions`, async () => {
      const model = c.tensile();
      perturbWeights(model, 7, c.weightRange);
      const x = sample(c.shape, 21, c.ids, c.edit);
      const loaded = await tfjsFromTensile(model);
      const tfjsNames = loaded.layers.filter((l) => l.getClassName() !== 'InputLayer').map((l) => l.name);
      assert.deepEqual(tfjsNames, model.layers.filter((l) => l.className !== 'InputLayer').map((l) => l.name));
      assertClose((loaded.predict(x.tfjs) as tf.Tensor).dataSync(), model.predict(x.tensile).dataSync(), 'predictions');
    });

    it(`${c.title}: saved by TF.js, loaded by Tensile, same predictions`, async () => {
      const model = c.tfjs();
      perturbTfjs(model, 3, c.weightRange);
      const x = sample(c.shape, 22, c.ids, c.edit);
      const loaded = await tensileFromTfjs(model);
      assert.deepEqual(loaded.weights.map((v) => v.name).sort(), model.weights.map((w) => w.originalName).sort());
      assertClose(loaded.predict(x.tensile).dataSync(), (model.predict(x.tfjs) as tf.Tensor).dataSync(), 'predictions');
    });
  }
}
