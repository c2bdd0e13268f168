import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';

const root = fileURLToPath(new URL('../..', import.meta.url));

describe('the package from another folder', () => {
  const consumer = mkdtempSync(join(tmpdir(), 'tensile-consumer-'));
  after(() => rmSync(consumer, { recursive: true, force: true }));

  it('installs with `npm install <path>` and works through `import * as tl from "tensile"`', () => {
    writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
    execFileSync('npm', ['install', root, '--no-audit', '--no-fund', '--offline'], { cwd: consumer, stdio: 'pipe' });
    writeFileSync(join(consumer, 'main.mjs'), [
      "import * as tl from 'tensile';",
      'const x = tl.variable([1, 2, 3]);',
      'x.square().sum().backward();',
      'console.log(JSON.stringify({ backend: tl.getBackend(), grad: x.grad.toArray(), error: new tl.ShapeError("m") instanceof tl.TensileError }));',
    ].join('\n'));
    const out = execFileSync(process.execPath, ['main.mjs'], { cwd: consumer, encoding: 'utf8' });
    const { backend, ...rest } = JSON.parse(out) as { backend: string };
    // native when this checkout built its addon, else wasm (js without the .wasm), or TENSILE_BACKEND's.
    assert.ok(['native', 'wasm', 'js'].includes(backend), backend);
    assert.deepEqual(rest, { grad: [2, 4, 6], error: true });
  });
});
