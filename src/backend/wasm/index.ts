import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { Backend } from '../backend.js';
import { registerBackend } from '../registry.js';
import { wasmBackend } from './backend.js';
import { instantiate, sharedMemory } from './kernels.js';
import { WorkerPool } from './pool.js';
import { createRuntime } from './runtime.js';
import { singleThread } from './threads.js';

/** Built by `npm install` (wasm/build.mjs); not in the repository. */
export const WASM_FILE = fileURLToPath(new URL('../../../build/wasm/tensile.wasm', import.meta.url));

/** TENSILE_NUM_THREADS, else one thread per core. */
export function threadCount(): number {
  const setting = process.env['TENSILE_NUM_THREADS'];
  if (setting === undefined || setting === '') return availableParallelism();
  const n = Number(setting);
  if (!Number.isInteger(n) || n < 1) throw new Error(`TENSILE_NUM_THREADS: expected a positive integer, found '${setting}'`);
  return n;
}

/**
 * The wasm backend in Node: the compiled kernels on one shared memory, run by the calling
 * thread and TENSILE_NUM_THREADS - 1 worker threads.
 */
export function createWasmBackend(): Backend {
  if (!existsSync(WASM_FILE)) throw new Error(`the kernels were not built (no ${WASM_FILE}); to build them: npm rebuild`);
  const module = new WebAssembly.Module(readFileSync(WASM_FILE));
  const memory = sharedMemory();
  const kernels = instantiate(module, memory);
  const threads = threadCount();
  const pool = threads > 1 ? new WorkerPool(kernels, module, memory, threads - 1) : singleThread(kernels);
  return wasmBackend(createRuntime(kernels, memory, pool, threads));
}

registerBackend('wasm', 50, createWasmBackend);
