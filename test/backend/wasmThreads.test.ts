import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import type { Backend, Conv2DSpec, MatMulSpec, Pool2DSpec } from '../../src/backend/backend.js';
import { jsBackend } from '../../src/backend/js/index.js';
import { wasmBackend } from '../../src/backend/wasm/backend.js';
import { WASM_FILE } from '../../src/backend/wasm/index.js';
import { instantiate, sharedMemory } from '../../src/backend/wasm/kernels.js';
import { WorkerPool } from '../../src/backend/wasm/pool.js';
import { createRuntime } from '../../src/backend/wasm/runtime.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

function seeded(n: number, seed: number): Float32Array {
  let s = seed;
  return Float32Array.from({ length: n }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 31 - 1;
  });
}

function assertClose(what: string, actual: Float32Array, expected: Float32Array): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < actual.length; i++) {
    const e = expected[i]!;
    if (!(Math.abs(actual[i]! - e) <= 1e-4 * Math.max(1, Math.abs(e)))) assert.fail(`${what}: element ${i} is ${actual[i]}, expected ${e}`);
  }
}

/** A backend on a pool of `workers` worker threads, once they are all up (so every large call is split). */
async function pooledBackend(workers: number): Promise<Backend> {
  const module = new WebAssembly.Module(readFileSync(WASM_FILE));
  const memory = sharedMemory();
  const kernels = instantiate(module, memory);
  const pool = new WorkerPool(kernels, module, memory, workers);
  for (let waited = 0; pool.available() < workers + 1; waited += 10) {
    assert.ok(waited < 20_000, 'the worker threads did not start within 20 s');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return wasmBackend(createRuntime(kernels, memory, pool, workers + 1));
}

/** Runs a snippet in a fresh process and returns what it printed. */
function runFresh(code: string, env: Record<string, string>): string {
  return execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
    cwd: root, env: { ...process.env, ...env }, encoding: 'utf8', timeout: 60_000, stdio: ['ignore', 'pipe', 'pipe'],
  });
}

describe('wasm backend on worker threads', () => {
  it('splits matmul over rows and over columns with the results of the js backend', async () => {
    const wasm = await pooledBackend(2);
    const cases: [string, MatMulSpec][] = [
      ['tall, transposed A', { batch: 1, m: 301, n: 37, k: 290, transposeA: true, transposeB: false, aBatchStride: 0, bBatchStride: 0 }],
      ['wide, transposed B, bias and relu', {
        batch: 2, m: 45, n: 333, k: 270, transposeA: false, transposeB: true, aBatchStride: 45 * 270, bBatchStride: 0,
        bias: seeded(333, 9), activation: 'relu',
      }],
    ];
    for (const [what, spec] of cases) {
      const a = seeded(spec.batch * spec.m * spec.k, 1), b = seeded(spec.n * spec.k, 2);
      assertClose(what, wasm.matmul(a, b, spec), jsBackend.matmul(a, b, spec));
    }
  });

  it('convolution (both backward passes) and pooling split over images', async () => {
    const wasm = await pooledBackend(1);
    const s: Conv2DSpec = {
      batch: 7, inHeight: 19, inWidth: 17, inChannels: 6, outHeight: 10, outWidth: 9, outChannels: 20,
      filterHeight: 3, filterWidth: 3, strideHeight: 2, strideWidth: 2, dilationHeight: 1, dilationWidth: 1, padTop: 1, padLeft: 1,
    };
    const x = seeded(7 * 19 * 17 * 6, 3), w = seeded(3 * 3 * 6 * 20, 4), dy = seeded(7 * 10 * 9 * 20, 5);
    assertClose('conv2d', wasm.conv2d(x, w, s, { activation: 'tanh' }), jsBackend.conv2d(x, w, s, { activation: 'tanh' }));
    assertClose('conv2dBackwardInput', wasm.conv2dBackwardInput(dy, w, s), jsBackend.conv2dBackwardInput(dy, w, s));
    assertClose('conv2dBackwardFilter', wasm.conv2dBackwardFilter(x, dy, s), jsBackend.conv2dBackwardFilter(x, dy, s));
    const p: Pool2DSpec = {
      batch: 7, inHeight: 19, inWidth: 17, channels: 6, outHeight: 9, outWidth: 8, poolHeight: 3, poolWidth: 3,
      strideHeight: 2, strideWidth: 2, padTop: 0, padLeft: 0,
    };
    const pdy = seeded(7 * 9 * 8 * 6, 6);
    for (const op of ['max', 'avg'] as const) {
      assertClose(`pool2d ${op}`, wasm.pool2d(op, x, p), jsBackend.pool2d(op, x, p));
      assertClose(`pool2dBackward ${op}`, wasm.pool2dBackward(op, pdy, x, p), jsBackend.pool2dBackward(op, pdy, x, p));
    }
  });

  it('worker threads do not keep a process alive', () => {
    const code = `
      import * as tl from './src/index.ts';
      await new Promise((resolve) => setTimeout(resolve, 300));
      console.log(tl.getBackend(), tl.matMul(tl.ones([256, 256]), tl.ones([256, 256])).sum().dataSync()[0]);`;
    const started = Date.now();
    const out = runFresh(code, { TENSILE_BACKEND: 'wasm', TENSILE_NUM_THREADS: '2' });
    assert.equal(out.trim(), `wasm ${256 ** 3}`);
    assert.ok(Date.now() - started < 30_000, 'the process took more than 30 s to exit');
  });

  it('a TENSILE_NUM_THREADS that is not a positive integer is a BackendError naming what it found', () => {
    const code = `
      import * as tl from './src/index.ts';
      try { tl.setBackend('wasm'); } catch (e) { console.log(e.name + ': ' + e.message); }`;
    assert.match(runFresh(code, { TENSILE_NUM_THREADS: 'two' }), /^BackendError: .*TENSILE_NUM_THREADS: expected a positive integer, found 'two'/);
  });
});
