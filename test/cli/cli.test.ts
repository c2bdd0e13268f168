import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';
import * as tl from '../../src/index.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const iris = join(root, 'test/fixtures/iris-sample.csv');

/** Runs the real CLI in a child process, as a user would. */
function tensile(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  // A command that hangs fails its test (status null) instead of the suite.
  const run = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'src/cli/bin.ts'), ...args], { cwd: root, encoding: 'utf8', timeout: 120_000, killSignal: 'SIGKILL' });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('tensile CLI', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tensile-cli-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const modelDir = join(dir, 'iris-mlp');

  it('train --json prints one line per epoch and a final line with the metrics, and saves the model', () => {
    const run = tensile('train', '--data', `csv:${iris}`, '--label', 'species', '--test-split', '0.25', '--model', 'mlp',
      '--epochs', '3', '--batch-size', '4', '--seed', '5', '--out', modelDir, '--json');
    assert.equal(run.status, 0, run.stderr);
    const lines = run.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.deepEqual(lines.slice(0, 3).map((l) => [l['event'], l['epoch']]), [['epoch', 1], ['epoch', 2], ['epoch', 3]]);
    const result = lines[3]!;
    for (const key of ['loss', 'accuracy', 'precision', 'recall', 'f1', 'samplesPerSecond', 'epochs', 'modelDir']) {
      assert.ok(key in result, `final line lacks ${key}: ${JSON.stringify(result)}`);
    }
    assert.equal(result['epochs'], 3);
    assert.equal(result['modelDir'], modelDir);
    assert.ok(existsSync(join(modelDir, 'model.json')) && existsSync(join(modelDir, 'weights.bin')));
  });

  it('evaluate reads the saved model and prints the same metric keys', () => {
    const run = tensile('evaluate', modelDir, '--data', `csv:${iris}`, '--label', 'species', '--test-split', '0.25', '--seed', '5', '--json');
    assert.equal(run.status, 0, run.stderr);
    const result = JSON.parse(run.stdout.trim().split('\n').at(-1)!) as Record<string, number>;
    for (const key of ['loss', 'accuracy', 'precision', 'recall', 'f1']) assert.equal(typeof result[key], 'number');
  });

  it('predict standardises samples as training did and prints scores, class and label per sample', async () => {
    const input = join(dir, 'samples.json');
    writeFileSync(input, JSON.stringify({ instances: [[5.1, 3.5, 1.4, 0.2], [6.5, 3.0, 5.5, 1.8]] }));
    const run = tensile('predict', modelDir, '--input', input);
    assert.equal(run.status, 0, run.stderr);
    const rows = run.stdout.trim().split('\n').map((l) => JSON.parse(l) as { index: number; class: number; label: string; scores: number[] });
    assert.equal(rows.length, 2);
    // The samples must go through the training split's standardisation, saved beside the model.
    const saved = JSON.parse(readFileSync(join(modelDir, 'preprocessing.json'), 'utf8')) as { mean: number[]; std: number[]; classes: string[] };
    assert.deepEqual(saved.classes, ['setosa', 'versicolor', 'virginica']);
    const samples = tl.tensor([[5.1, 3.5, 1.4, 0.2], [6.5, 3.0, 5.5, 1.8]]);
    const standardized = tl.div(tl.sub(samples, tl.tensor(saved.mean)), tl.tensor(saved.std));
    const expected = (await tl.loadLayersModel(modelDir)).predict(standardized).toArray() as number[][];
    rows.forEach((row, i) => {
      row.scores.forEach((v, j) => assert.ok(Math.abs(v - expected[i]![j]!) < 1e-5, `sample ${i} score ${j}: ${v} vs ${expected[i]![j]}`));
      assert.equal(row.class, row.scores.indexOf(Math.max(...row.scores)));
      assert.equal(row.label, saved.classes[row.class]);
    });
  });

  it('--lr-schedule cosine decays the rate to zero over all the run\'s steps', () => {
    const out = join(dir, 'iris-cosine');
    const run = tensile('train', '--data', `csv:${iris}`, '--label', 'species', '--test-split', '0.25', '--model', 'mlp',
      '--epochs', '2', '--batch-size', '4', '--lr', '0.01', '--lr-schedule', 'cosine', '--out', out, '--json');
    assert.equal(run.status, 0, run.stderr);
    const saved = JSON.parse(readFileSync(join(out, 'model.json'), 'utf8')) as { trainingConfig: { optimizer_config: { config: { learningRate: unknown } } } };
    // 9 training rows in batches of 4: 3 steps per epoch, 6 in all.
    assert.deepEqual(saved.trainingConfig.optimizer_config.config.learningRate,
      { className: 'CosineDecay', config: { initialLearningRate: 0.01, decaySteps: 6, alpha: 0 } });
    assert.equal(tensile('train', '--data', `csv:${iris}`, '--model', 'mlp', '--lr-schedule', 'linear').status, 2);
  });

  it('train --workers 2 trains on two worker threads and logs their events as JSON lines', () => {
    const events = join(dir, 'events.jsonl');
    const run = tensile('train', '--data', `csv:${iris}`, '--label', 'species', '--test-split', '0.25', '--model', 'mlp',
      '--epochs', '2', '--batch-size', '8', '--seed', '5', '--out', join(dir, 'elastic-mlp'), '--json', '--workers', '2', '--events', events);
    assert.equal(run.status, 0, run.stderr);
    const lines = run.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.deepEqual(lines.map((l) => l['event']), ['epoch', 'epoch', 'result']);
    const logged = readFileSync(events, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    const generations = logged.filter((e) => e['type'] === 'generation');
    assert.deepEqual(generations.map((g) => g['members']), [2, 2]);
    assert.ok(logged.some((e) => e['type'] === 'step' && !('predictions' in e)));
  });

  it('usage mistakes exit 2 with the usage text; data errors exit 1 with a typed message', () => {
    const unknown = tensile('fly');
    assert.equal(unknown.status, 2);
    assert.match(unknown.stderr, /unknown command 'fly'[\s\S]*tensile <command>/);
    const badEpochs = tensile('train', '--data', 'mnist', '--model', 'mlp', '--epochs', 'many');
    assert.equal(badEpochs.status, 2);
    assert.match(badEpochs.stderr, /--epochs must be a positive integer, found 'many'/);
    const badData = tensile('train', '--data', 'parquet:x', '--model', 'mlp');
    assert.equal(badData.status, 2);
    const missing = tensile('train', '--data', `csv:${join(dir, 'nope.csv')}`, '--model', 'mlp');
    assert.equal(missing.status, 1);
    assert.match(missing.stderr, /^tensile: IOError: .*nope\.csv/);
  });

  it('worker reports mistakes from its training thread the same way, and exits rather than wait on its Redis connection', () => {
    const redis = ['--redis', 'redis://127.0.0.1:1', '--job', 'j', '--model', 'mlp'];
    const badEpochs = tensile('worker', ...redis, '--data', 'mnist', '--epochs', 'many');
    assert.equal(badEpochs.status, 2, badEpochs.stderr);
    assert.match(badEpochs.stderr, /--epochs must be a positive integer, found 'many'[\s\S]*tensile <command>/);
    const missing = tensile('worker', ...redis, '--data', `csv:${join(dir, 'nope.csv')}`);
    assert.equal(missing.status, 1, missing.stderr);
    assert.match(missing.stderr, /^tensile: IOError: .*nope\.csv/);
  });
});
