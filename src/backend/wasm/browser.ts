import type { Backend } from '../backend.js';
import { wasmBackend } from './backend.js';
import { instantiate, sharedMemory } from './kernels.js';
import { createRuntime } from './runtime.js';
import { singleThread } from './threads.js';

/** 1 GiB: a page's memory stays well under what browsers let a tab reserve. */
const BROWSER_MAX_PAGES = 16384;

/**
 * The wasm backend in a browser page, from the bytes of build/wasm/tensile.wasm (the same file
 * Node loads). It runs on the page's thread: a browser's main thread may not block on Atomics,
 * which the worker pool needs. The shared memory needs a cross-origin isolated page (served
 * with COOP `same-origin` and COEP `require-corp`, as examples/browser/serve.mjs does).
 */
export async function createBrowserWasmBackend(bytes: ArrayBuffer | ArrayBufferView): Promise<Backend> {
  const module = await WebAssembly.compile(bytes);
  const memory = sharedMemory(BROWSER_MAX_PAGES);
  const kernels = instantiate(module, memory);
  return wasmBackend(createRuntime(kernels, memory, singleThread(kernels), 1));
}
