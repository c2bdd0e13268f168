import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { post, savedModel } from './fixtures.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

describe('tensile serve', () => {
  it('serves NAME=DIR with an API key from a file until SIGTERM, then exits cleanly', async () => {
    const m = await savedModel();
    const keyFile = join(m.root, 'key');
    writeFileSync(keyFile, 'secret\n');
    const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'src/cli/bin.ts'), 'serve', `iris=${m.dir}`, '--port', '0', '--host', '127.0.0.1', '--replicas', '1', '--policy', 'round-robin', '--api-key-file', keyFile], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      let out = '';
      child.stdout.setEncoding('utf8');
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (chunk: string) => {
          out += chunk;
          const match = /on (http:\/\/\S+) /.exec(out);
          if (match !== null) resolve(match[1]!);
        });
        child.on('exit', (code) => reject(new Error(`serve exited with ${code} before listening: ${out}`)));
      });
      assert.match(out, /^serving iris on http:\/\/127\.0\.0\.1:\d+ /);
      const r = await post(`${url}/v1/models/iris:predict`, { instances: [[1, 2, 3, 4]] }, { authorization: 'Bearer secret' });
      assert.equal(r.status, 200);
      assert.equal((r.json['predictions'] as number[][])[0]!.length, 3);
      child.kill('SIGTERM');
      const [code] = await once(child, 'exit');
      assert.equal(code, 0);
      assert.match(out, /SIGTERM: finishing requests in flight/);
    } finally {
      child.kill('SIGKILL');
      m.cleanup();
    }
  });

  it('exits 1 naming the typed error when the server cannot start (it starts in a thread of its own)', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'tensile-serve-empty-'));
    try {
      const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'src/cli/bin.ts'), 'serve', empty, '--port', '0'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
      let err = '';
      child.stderr.setEncoding('utf8').on('data', (c: string) => (err += c));
      const [code] = await once(child, 'exit');
      assert.equal(code, 1);
      assert.match(err, /^tensile: ModelNotFoundError: serve: '.*tensile-serve-empty-.*' holds no model/);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it('exits 2 with the usage on a bad option', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'src/cli/bin.ts'), 'serve', '/tmp', '--policy', 'random'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.setEncoding('utf8').on('data', (c: string) => (err += c));
    const [code] = await once(child, 'exit');
    assert.equal(code, 2);
    assert.match(err, /--policy must be round-robin, weighted, least-response-time, power-of-two, found 'random'/);
  });
});
