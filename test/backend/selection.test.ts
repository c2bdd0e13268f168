import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import * as tl from '../../src/index.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** Runs a snippet in a fresh process (selection happens once per process) and returns its output. */
function runFresh(code: string, env: Record<string, string>): { out: string; err: string; status: number } {
  try {
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
      cwd: root, env: { ...process.env, ...env }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'],
    });
    return { out, err: '', status: 0 };
  } catch (e) {
    const failure = e as { stdout: string; stderr: string; status: number };
    return { out: failure.stdout, err: failure.stderr, status: failure.status };
  }
}

describe('backend selection', () => {
  it('lists registered backends by priority and picks one that loads', () => {
    assert.ok(tl.listBackends().includes('js'));
    assert.ok(tl.listBackends().includes(tl.getBackend()));
  });

  it('setBackend switches, and refuses an unknown name listing the available ones', () => {
    tl.setBackend('js');
    assert.equal(tl.getBackend(), 'js');
    assert.throws(() => tl.setBackend('gpu9000'), (e: Error) =>
      e instanceof tl.BackendError && /unknown backend 'gpu9000'; available: .*js/.test(e.message));
    assert.equal(tl.getBackend(), 'js', 'a failed switch keeps the current backend');
  });

  it('TENSILE_BACKEND chooses the backend of a new process', () => {
    const run = runFresh("import * as tl from './src/index.ts'; console.log(tl.getBackend());", { TENSILE_BACKEND: 'js' });
    assert.equal(run.status, 0, run.err);
    assert.equal(run.out.trim(), 'js');
  });

  it('an unknown TENSILE_BACKEND is a BackendError at first use, not a silent fallback', () => {
    const code = "import * as tl from './src/index.ts'; try { tl.ones([1]).add(1); } catch (e) { console.log(e.name + ': ' + e.message); }";
    const run = runFresh(code, { TENSILE_BACKEND: 'nope' });
    assert.equal(run.status, 0, run.err);
    assert.match(run.out, /^BackendError: setBackend: unknown backend 'nope'; available: .*js/);
  });
});
