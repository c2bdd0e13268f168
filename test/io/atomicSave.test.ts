import assert from 'node:assert/strict';
import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import * as tl from '../../src/index.js';
import type { Files } from '../../src/io/tfjs/atomicWrite.js';
import { nodeFiles } from '../../src/io/tfjs/atomicWrite.js';
import { saveLayersModel } from '../../src/io/tfjs/save.js';
import * as layers from '../../src/nn/layers/index.js';
import type { LayersModel } from '../../src/nn/model/index.js';
import { Sequential } from '../../src/nn/model/index.js';
import { perturbWeights, withTempDir } from '../helpers/saveLoad.js';

const x = tl.randomUniform([3, 4], -1, 1, 'float32', 9);

function makeModel(seed: number): LayersModel {
  const model = new Sequential({ layers: [layers.dense({ units: 3, inputShape: [4], name: 'hidden' }), layers.dense({ units: 2, name: 'out' })] });
  perturbWeights(model, seed);
  return model;
}

const predictions = (model: LayersModel): number[] => Array.from(model.predict(x).dataSync());

/**
 * File operations that stop working after `survive` calls: the call that would be the next one
 * throws, and so does everything after it (including cleanup), as if the process died there.
 */
function crashingFiles(survive: number): Files & { calls: number } {
  let calls = 0;
  const guard = <A extends unknown[]>(op: (...args: A) => Promise<void>) => async (...args: A): Promise<void> => {
    if (calls++ >= survive) throw new Error('simulated crash');
    await op(...args);
  };
  return {
    get calls() {
      return calls;
    },
    mkdir: guard(nodeFiles.mkdir),
    writeDurable: guard(nodeFiles.writeDurable),
    rename: guard(nodeFiles.rename),
    unlink: guard(nodeFiles.unlink),
    syncDir: guard(nodeFiles.syncDir),
  };
}

describe('saves are atomic', () => {
  it('a crash at any step leaves a model that loads: the previous one before the commit, the new one after', async () => {
    const before = makeModel(1);
    const after = makeModel(2);
    const counting = crashingFiles(Infinity);
    await withTempDir((dir) => saveLayersModel(after, undefined, dir, {}, counting));
    const steps = counting.calls;
    assert.ok(steps >= 8, `a save takes several file operations (${steps})`);
    const outcomes: string[] = [];
    for (let survive = 0; survive < steps; survive++) {
      await withTempDir(async (dir) => {
        await before.save(dir);
        await assert.rejects(saveLayersModel(after, undefined, dir, {}, crashingFiles(survive)), tl.IOError);
        const found = predictions(await tl.loadLayersModel(dir));
        const outcome = found.join() === predictions(before).join() ? 'before' : found.join() === predictions(after).join() ? 'after' : 'neither';
        outcomes.push(outcome);
      });
    }
    // Once the new model is committed it stays: no step goes back to the old one or to a mix.
    const firstAfter = outcomes.indexOf('after');
    assert.ok(firstAfter > 0, `the old model survives early crashes: ${outcomes.join(' ')}`);
    assert.deepEqual(outcomes, outcomes.map((_, i) => (i < firstAfter ? 'before' : 'after')));
  });

  it('a save that fails leaves the previous model intact and no temporary files', async () => {
    await withTempDir(async (dir) => {
      const before = makeModel(1);
      await before.save(dir);
      const failing: Files = { ...nodeFiles, rename: async () => { throw new Error('disk full'); } };
      await assert.rejects(saveLayersModel(makeModel(2), undefined, dir, {}, failing), (e: Error) =>
        e instanceof tl.IOError && e.message.includes(dir) && e.message.includes('disk full'));
      assert.deepEqual((await readdir(dir)).sort(), ['model.json', 'weights.bin']);
      assert.deepEqual(predictions(await tl.loadLayersModel(dir)), predictions(before));
    });
  });

  it('a path that cannot be a directory is an IOError naming it, and nothing is written', async () => {
    await withTempDir(async (dir) => {
      await writeFile(join(dir, 'occupied'), 'not a directory');
      const target = join(dir, 'occupied', 'model');
      await assert.rejects(makeModel(1).save(target), (e: Error) => e instanceof tl.IOError && e.message.includes(target));
      assert.deepEqual(await readdir(dir), ['occupied']);
    });
  });

  it('saving over a model replaces it and leaves only model.json and weights.bin', async () => {
    await withTempDir(async (dir) => {
      await makeModel(1).save(dir);
      const after = makeModel(2);
      await after.save(`file://${dir}`);
      assert.deepEqual((await readdir(dir)).sort(), ['model.json', 'weights.bin']);
      assert.deepEqual(predictions(await tl.loadLayersModel(join(dir, 'model.json'))), predictions(after));
    });
  });
});
