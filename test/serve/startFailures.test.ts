import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import * as tl from '../../src/index.js';
import { savedModel } from './fixtures.js';

/** Replica processes this test process still has, after giving exiting ones a moment. */
async function replicasLeft(): Promise<string[]> {
  const list = (): string[] => execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(process.pid)], { encoding: 'utf8' }).split('\n').filter((l) => l.includes('replicaMain'));
  for (let i = 0; i < 60 && list().length > 0; i++) await new Promise((r) => setTimeout(r, 50));
  return list();
}

describe('a server that cannot start', () => {
  it('rejects with a ModelLoadError naming the broken file, leaving no replica behind', async () => {
    const m = await savedModel();
    mkdirSync(join(m.root, 'broken', '1'), { recursive: true });
    writeFileSync(join(m.root, 'broken', '1', 'model.json'), '{"modelTopology": {');
    try {
      await assert.rejects(
        tl.serve.start({ models: [join(m.root, 'broken')], port: 0, host: '127.0.0.1', replicas: 1, log: () => undefined }),
        (e: unknown) => e instanceof tl.serve.ModelLoadError && /cannot load version 1 of model 'broken': .*broken\/1\/model\.json/.test(e.message),
      );
      assert.deepEqual(await replicasLeft(), []);
    } finally {
      m.cleanup();
    }
  });

  it('kills replicas that do not become ready within startTimeoutMs', async () => {
    const m = await savedModel();
    try {
      await assert.rejects(
        tl.serve.start({ models: [m.dir], port: 0, host: '127.0.0.1', replicas: 1, startTimeoutMs: 1, log: () => undefined }),
        (e: unknown) => e instanceof tl.serve.ReplicaLostError && /did not load its models within 1 ms/.test(e.message),
      );
      assert.deepEqual(await replicasLeft(), []);
    } finally {
      m.cleanup();
    }
  });

  it('refuses a model directory with no model in it', async () => {
    const m = await savedModel();
    mkdirSync(join(m.root, 'empty'));
    try {
      await assert.rejects(tl.serve.start({ models: [join(m.root, 'empty')], port: 0 }), /holds no model \(model\.json, or version directories 1, 2, \.\.\. each with one\)/);
    } finally {
      m.cleanup();
    }
  });
});
