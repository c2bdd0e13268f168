/** Durable checkpoints on disk: keep the newest K, resume exactly, refuse a damaged one. */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, it } from 'node:test';
import { Checkpoints } from '../../src/elastic/checkpoint.js';
import { DataError } from '../../src/errors.js';
import { resolveCompileArgs } from '../../src/nn/model/compileArgs.js';
import { freshModel, maxDifference } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'tensile-checkpoints-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const meta = (step: number) => ({ job: 'j', step, seed: 3, batchSize: 16, samples: 300 });

it('keeps the newest K, names the latest in latest.json, restores it, and refuses one whose weights were damaged', async () => {
  const model = freshModel();
  const compiled = resolveCompileArgs({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy' });
  const checkpoints = new Checkpoints(dir, 2);
  for (const step of [10, 20, 30]) await checkpoints.write(model, compiled, meta(step));
  assert.deepEqual(readdirSync(dir).sort(), ['latest.json', 'step-00000020', 'step-00000030']);
  const latest = checkpoints.latest()!;
  assert.deepEqual({ ...latest, path: undefined }, { ...meta(30), path: undefined });

  const other = freshModel();
  other.setWeights(other.getWeights().map((w) => w.mul(0)));
  checkpoints.restore(latest.path, other, compiled.optimizer);
  assert.equal(maxDifference(other.getWeights(), model.getWeights()), 0);

  const weights = join(latest.path, readdirSync(latest.path).find((f) => f.endsWith('.bin'))!);
  const bytes = readFileSync(weights);
  bytes[bytes.length - 1] ^= 0xff;
  writeFileSync(weights, bytes);
  assert.throws(() => checkpoints.restore(latest.path, other, compiled.optimizer), (err: Error) => err instanceof DataError && /checksum mismatch/.test(err.message));
});
