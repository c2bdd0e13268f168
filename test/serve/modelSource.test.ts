import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { ArgumentError, IOError } from '../../src/errors.js';
import { listVersions, parseModelSource, versionDir } from '../../src/serve/repository/modelSource.js';
import { resolveOptions } from '../../src/serve/options.js';

describe('model directories', () => {
  const root = mkdtempSync(join(tmpdir(), 'tensile-sources-'));
  after(() => rmSync(root, { recursive: true, force: true }));
  const touch = (...parts: string[]): void => {
    mkdirSync(join(root, ...parts.slice(0, -1)), { recursive: true });
    writeFileSync(join(root, ...parts), '{}');
  };

  it('lists numeric version directories holding a model.json, in order', () => {
    touch('m', '2', 'model.json');
    touch('m', '10', 'model.json');
    touch('m', '1', 'model.json');
    touch('m', '3', 'notes.txt');
    touch('m', 'latest', 'model.json');
    touch('m', '007', 'model.json');
    assert.deepEqual(listVersions(join(root, 'm')), [1, 2, 10]);
    assert.equal(versionDir(join(root, 'm'), 10), join(root, 'm', '10'));
  });

  it('serves a directory holding model.json itself as version 1', () => {
    touch('flat', 'model.json');
    assert.deepEqual(listVersions(join(root, 'flat')), [1]);
    assert.equal(versionDir(join(root, 'flat'), 1), join(root, 'flat'));
    mkdirSync(join(root, 'empty'));
    assert.deepEqual(listVersions(join(root, 'empty')), []);
  });

  it('names a model after its directory or NAME=, and refuses names that are not plain', () => {
    assert.deepEqual(parseModelSource(join(root, 'm')), { name: 'm', dir: join(root, 'm') });
    assert.deepEqual(parseModelSource(`digits.v2=${join(root, 'm')}`), { name: 'digits.v2', dir: join(root, 'm') });
    for (const name of ['../x', 'a/b', '.hidden', 'a b', '']) {
      assert.throws(() => parseModelSource(`${name}=${join(root, 'm')}`), ArgumentError, name);
    }
    assert.throws(() => parseModelSource(join(root, 'missing')), (e: unknown) => e instanceof IOError && /does not exist/.test(e.message));
  });
});

describe('serve options', () => {
  it('fills in defaults', () => {
    const o = resolveOptions({ models: ['m'] });
    assert.deepEqual([o.port, o.replicas, o.minReplicas, o.maxReplicas, o.policy, o.maxBatch, o.batchDelayMs], [8501, 2, 1, 4, 'power-of-two', 64, 2]);
    assert.equal(resolveOptions({ models: ['m'], autoscale: 'rule', minReplicas: 2 }).replicas, 2);
  });

  it('names the option that is wrong', () => {
    const cases: [Parameters<typeof resolveOptions>[0], RegExp][] = [
      [{ models: [] }, /at least one model/],
      [{ models: ['m'], replicas: 5, maxReplicas: 4 }, /replicas \(5\) must be within minReplicas \(1\) and maxReplicas \(4\)/],
      [{ models: ['m'], minReplicas: 3, maxReplicas: 2 }, /maxReplicas must be an integer >= 3/],
      [{ models: ['m'], policy: 'random' as 'weighted' }, /policy must be one of round-robin, weighted, least-response-time, power-of-two/],
      [{ models: ['m'], autoscale: 'magic' as 'rule' }, /autoscale must be one of rule, predictive/],
      [{ models: ['m'], weights: [1, -1] }, /weights\[1\] must be a number >= 0/],
      [{ models: ['m'], maxBatch: 0 }, /maxBatch must be an integer >= 1/],
      [{ models: ['m'], apiKey: ' ' }, /API key is empty/],
    ];
    for (const [options, message] of cases) assert.throws(() => resolveOptions(options), (e: unknown) => e instanceof ArgumentError && message.test(e.message));
  });
});
