import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';
import { buildModel } from '../../src/cli/models.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

describe('tensile train --model lstm|gru', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tensile-cli-rnn-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('MNIST images become 28 steps of 28 features into 128 recurrent units and a softmax', () => {
    for (const [spec, className] of [['lstm', 'LSTM'], ['gru', 'GRU']] as const) {
      const model = buildModel(spec, [28, 28, 1], 10);
      assert.deepEqual(model.layers.map((l) => l.className), ['Reshape', className, 'Dense']);
      assert.deepEqual(model.outputs[0]!.shape, [null, 10]);
      assert.deepEqual(model.layers[1]!.computeOutputShape([null, 28, 28]), [null, 128]);
    }
    // A vector sample is a sequence of one feature per step.
    assert.deepEqual(buildModel('gru', [4], 3).layers[0]!.computeOutputShape([null, 4]), [null, 4, 1]);
  });

  for (const spec of ['lstm', 'gru']) {
    it(`trains --model ${spec} from the command line like the other models and saves it`, () => {
      const out = join(dir, spec);
      const run = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'src/cli/bin.ts'), 'train', '--data', `csv:${join(root, 'test/fixtures/iris-sample.csv')}`,
        '--label', 'species', '--model', spec, '--epochs', '2', '--batch-size', '4', '--out', out, '--json'], { cwd: root, encoding: 'utf8' });
      assert.equal(run.status, 0, run.stderr);
      const result = JSON.parse(run.stdout.trim().split('\n').at(-1)!) as Record<string, unknown>;
      assert.equal(result['event'], 'result');
      assert.equal(result['epochs'], 2);
      assert.equal(typeof result['accuracy'], 'number');
      assert.equal(result['modelDir'], out);
    });
  }
});
