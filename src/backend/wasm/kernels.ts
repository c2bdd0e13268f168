/**
 * The exports of build/wasm/tensile.wasm (sources in wasm/assembly). Pointers are byte offsets
 * into the one memory the JS side owns; booleans are 0 or 1. The kernels allocate nothing.
 */
export interface WasmKernels {
  heapBase(): number;
  gemmScratchBytes(): number;
  gemm(
    a: number, ars: number, acs: number, b: number, brs: number, bcs: number, c: number, ldc: number,
    m: number, n: number, k: number, accumulate: number, scratch: number,
  ): void;
  unary(op: number, x: number, out: number, n: number): void;
  binary(op: number, a: number, b: number, out: number, rank: number, dims: number, aStrides: number, bStrides: number, counter: number): void;
  biasActivation(out: number, rows: number, n: number, bias: number, activation: number): void;
  reduce(op: number, x: number, out: number, outer: number, length: number, inner: number, acc: number): void;
  softmax(log: number, x: number, out: number, outer: number, axis: number, inner: number): void;
  adam(
    param: number, grad: number, m: number, v: number, outParam: number, outM: number, outV: number, n: number,
    alpha: number, beta1: number, beta2: number, epsilon: number,
  ): void;
  im2col(x: number, patches: number, spec: number, first: number, count: number): void;
  col2im(dPatches: number, dx: number, spec: number, first: number, count: number): void;
  pool2d(kind: number, x: number, out: number, spec: number, first: number, count: number): void;
  pool2dBackward(kind: number, dy: number, x: number, dx: number, spec: number, first: number, count: number): void;
}

export type KernelName = Exclude<keyof WasmKernels, 'heapBase' | 'gemmScratchBytes'>;

/** Every kernel, by index: a worker thread receives the index, not the name. */
export const KERNEL_NAMES: readonly KernelName[] = [
  'gemm', 'unary', 'binary', 'biasActivation', 'reduce', 'softmax', 'adam', 'im2col', 'col2im', 'pool2d', 'pool2dBackward',
];

const EXPECTED: readonly (keyof WasmKernels)[] = ['heapBase', 'gemmScratchBytes', ...KERNEL_NAMES];

/** Pages of 64 KiB. The .wasm declares 65536 (4 GiB, the wasm32 limit) as its maximum. */
export const MAX_PAGES = 65536;

/** A shared memory for the kernels: worker threads see the same bytes. */
export function sharedMemory(maximumPages = MAX_PAGES): WebAssembly.Memory {
  return new WebAssembly.Memory({ initial: 16, maximum: maximumPages, shared: true });
}

/** Instantiates the compiled module on `memory`, checking it has every kernel (a stale build has not). */
export function instantiate(module: WebAssembly.Module, memory: WebAssembly.Memory): WasmKernels {
  const instance = new WebAssembly.Instance(module, { env: { memory } });
  const missing = EXPECTED.filter((name) => typeof instance.exports[name] !== 'function');
  if (missing.length > 0) throw new Error(`the .wasm is out of date (no ${missing.join(', ')}); run npm rebuild`);
  return instance.exports as unknown as WasmKernels;
}
