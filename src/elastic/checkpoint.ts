/**
 * Durable checkpoints of an elastic job, in a directory:
 *
 *     latest.json          which checkpoint is current, and where training stood (CheckpointMeta)
 *     step-00000400/       the model with its optimizer state, as `model.save(dir, { includeOptimizer: true })` writes it
 *     step-00000300/ ...   older ones, the newest `keep` kept
 *
 * A checkpoint is written whole into its own directory (atomically, with a checksum, by the TF.js
 * format writer), then latest.json is replaced to name it (atomically): a crash at any moment
 * leaves latest.json naming a complete checkpoint, or none yet. The data position is the step
 * (the order of every epoch follows from the seed), so step, seed and batch size resume training
 * exactly where it stood.
 */
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { DataError } from '../errors.js';
import { readBytes } from '../io/files.js';
import { nodeFiles, replaceFile } from '../io/tfjs/atomicWrite.js';
import { parseModelJson } from '../io/tfjs/modelJson.js';
import { modelJsonFile } from '../io/tfjs/paths.js';
import { saveLayersModel } from '../io/tfjs/save.js';
import { readWeightFiles } from '../io/tfjs/weightFiles.js';
import type { Compiled } from '../nn/model/compileArgs.js';
import type { LayersModel } from '../nn/model/layersModel.js';
import type { Optimizer } from '../nn/optimizers/optimizer.js';
import { applyWeights } from './state.js';

export interface CheckpointMeta {
  /** The job that wrote it. */
  job: string;
  /** Steps applied: training resumes at this step. */
  step: number;
  seed: number;
  batchSize: number;
  /** Training samples per epoch. */
  samples: number;
}

const LATEST = 'latest.json';
const NAME = /^step-(\d+)$/;

export class Checkpoints {
  constructor(readonly dir: string, readonly keep = 3) {}

  /** Writes a checkpoint of `model` and its optimizer at `meta.step`, makes it the latest, drops the oldest. */
  async write(model: LayersModel, compiled: Compiled, meta: CheckpointMeta): Promise<string> {
    const name = `step-${String(meta.step).padStart(8, '0')}`;
    await saveLayersModel(model, compiled, join(this.dir, name), { includeOptimizer: true });
    // A member that was stopped mid-write and expelled meanwhile must not make an older step the latest.
    const latest = this.latest();
    if (latest?.job === meta.job && latest.step > meta.step) return join(this.dir, name);
    await replaceFile(nodeFiles, join(this.dir, LATEST), JSON.stringify({ checkpoint: name, ...meta }));
    // Older checkpoints beyond `keep`; a newer directory may be a write in progress (or one a crash cut short, removed once older).
    const older = readdirSync(this.dir).filter((f) => NAME.test(f) && f < name).sort().reverse().slice(this.keep - 1);
    for (const f of older) rmSync(join(this.dir, f), { recursive: true, force: true });
    return join(this.dir, name);
  }

  /** Where training stood at the latest checkpoint, and its directory; undefined if there is none. */
  latest(): (CheckpointMeta & { path: string }) | undefined {
    if (!existsSync(join(this.dir, LATEST))) return undefined;
    const text = readBytes('checkpoint', join(this.dir, LATEST)).toString('utf8');
    const { checkpoint, ...meta } = JSON.parse(text) as CheckpointMeta & { checkpoint: string };
    if (typeof checkpoint !== 'string' || !NAME.test(checkpoint) || !Number.isInteger(meta.step)) {
      throw new DataError(`${join(this.dir, LATEST)}: expected {checkpoint: 'step-N', job, step, seed, batchSize, samples}, found ${text.slice(0, 200)}`);
    }
    return { ...meta, path: join(this.dir, checkpoint) };
  }

  /** Sets `model`'s weights and `optimizer`'s state from the checkpoint at `path` (checksums verified). */
  restore(path: string, model: LayersModel, optimizer: Optimizer): void {
    const file = modelJsonFile('checkpoint', path);
    const json = parseModelJson(readBytes('checkpoint', file).toString('utf8'), file);
    applyWeights(readWeightFiles('checkpoint', file, path, json), model, optimizer, file);
  }
}
