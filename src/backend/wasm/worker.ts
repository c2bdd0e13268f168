/**
 * The body of a worker thread of the wasm backend's pool: instantiates the kernels on the shared
 * memory and runs the calls the main thread puts in its slot (control.ts), until the process
 * ends. The pool starts it from this function's source text (`eval` workers, not a file and not
 * a blob URL), so it runs the same from dist/ and from the TypeScript sources; it therefore uses
 * nothing but its argument and JS globals, and gets every layout number through `setup`.
 */
export interface WorkerSetup {
  module: WebAssembly.Module;
  memory: WebAssembly.Memory;
  control: SharedArrayBuffer;
  /** Kernel export names by index (what a slot's first number means). */
  kernels: readonly string[];
  /** Int32 indices in the control block. */
  generation: number;
  remaining: number;
  failures: number;
  ready: number;
  filled: number;
  /** Int32s in the header, float64 offset of this worker's slot, floats per slot. */
  headerInts: number;
  slotsByteOffset: number;
  slotsLength: number;
  slot: number;
  slotLength: number;
  /** Polls before sleeping: back-to-back calls (a training step) skip the wake-up. */
  spin: number;
}

export function workerMain(setup: WorkerSetup): void {
  const exports = new WebAssembly.Instance(setup.module, { env: { memory: setup.memory } }).exports;
  const header = new Int32Array(setup.control, 0, setup.headerInts);
  const slots = new Float64Array(setup.control, setup.slotsByteOffset, setup.slotsLength);
  Atomics.store(header, setup.ready, 1);
  let seen = Atomics.load(header, setup.generation);
  let done = Atomics.load(header, setup.filled);
  for (;;) {
    for (let i = 0; i < setup.spin && Atomics.load(header, setup.generation) === seen; i++);
    Atomics.wait(header, setup.generation, seen);
    seen = Atomics.load(header, setup.generation);
    const filled = Atomics.load(header, setup.filled);
    if (filled === done) continue;
    done = filled;
    const args = Array.from(slots.subarray(setup.slot + 1, setup.slot + setup.slotLength));
    try {
      (exports[setup.kernels[slots[setup.slot]!]!] as (...a: number[]) => void)(...args);
    } catch {
      Atomics.add(header, setup.failures, 1);
    }
    if (Atomics.sub(header, setup.remaining, 1) === 1) Atomics.notify(header, setup.remaining);
  }
}
