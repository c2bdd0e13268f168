import { Worker } from 'node:worker_threads';
import {
  controlBytes, controlOf, FAILURES, GENERATION, headerInts, readyFlag, REMAINING, SLOT, slotGeneration, slotsByteOffset,
} from './control.js';
import type { Control } from './control.js';
import type { WasmKernels } from './kernels.js';
import { KERNEL_NAMES } from './kernels.js';
import type { KernelCall, Threads } from './threads.js';
import { invoke } from './threads.js';
import type { WorkerSetup } from './worker.js';
import { workerMain } from './worker.js';

const SPIN = 2000;
/** A worker's program: workerMain's own source, called with the setup (see worker.ts). */
const WORKER_SOURCE = `(${workerMain.toString()})(require('node:worker_threads').workerData)`;

/**
 * `workers` worker threads sharing the kernels' memory, plus the calling thread. Workers are
 * unref'd: they never keep a process alive, and die with it. Until a worker has instantiated
 * the module it gets no calls, so a slow start costs speed, never a wait.
 */
export class WorkerPool implements Threads {
  private readonly control: Control;
  private generation = 0;
  /** Workers that have started, in the order they get calls. */
  private readonly ready: number[] = [];

  constructor(private readonly kernels: WasmKernels, module: WebAssembly.Module, memory: WebAssembly.Memory, private readonly workers: number) {
    const buffer = new SharedArrayBuffer(controlBytes(workers));
    this.control = controlOf(buffer, workers);
    for (let index = 0; index < workers; index++) {
      const workerData: WorkerSetup = {
        module, memory, control: buffer, kernels: KERNEL_NAMES,
        generation: GENERATION, remaining: REMAINING, failures: FAILURES, ready: readyFlag(index), filled: slotGeneration(index),
        headerInts: headerInts(workers), slotsByteOffset: slotsByteOffset(workers), slotsLength: workers * SLOT,
        slot: index * SLOT, slotLength: SLOT, spin: SPIN,
      };
      const worker = new Worker(WORKER_SOURCE, { eval: true, workerData });
      // A worker that cannot start never counts as ready; the others (and this thread) carry on.
      worker.on('error', (err: Error) => process.stderr.write(`tensile: a wasm worker thread failed (${err.message}); running on fewer threads\n`));
      worker.unref();
    }
  }

  available(): number {
    if (this.ready.length < this.workers) {
      for (let w = 0; w < this.workers; w++) {
        if (!this.ready.includes(w) && Atomics.load(this.control.header, readyFlag(w)) === 1) this.ready.push(w);
      }
    }
    return 1 + this.ready.length;
  }

  run(calls: readonly KernelCall[]): void {
    const { header, slots } = this.control;
    const offloaded = calls.slice(1);
    if (offloaded.length > this.available() - 1) throw new RangeError(`wasm pool: ${calls.length} calls for ${this.available()} threads`);
    this.generation++;
    Atomics.store(header, REMAINING, offloaded.length);
    offloaded.forEach((call, i) => {
      const worker = this.ready[i]!;
      const base = worker * SLOT;
      slots[base] = KERNEL_NAMES.indexOf(call.kernel);
      slots.set(call.args, base + 1);
      Atomics.store(header, slotGeneration(worker), this.generation);
    });
    Atomics.store(header, GENERATION, this.generation);
    Atomics.notify(header, GENERATION);
    try {
      invoke(this.kernels, calls[0]!);
    } finally {
      // Even when this thread's call failed: the next run must not overlap the workers' calls.
      for (let i = 0; i < SPIN && Atomics.load(header, REMAINING) !== 0; i++);
      for (let left = Atomics.load(header, REMAINING); left !== 0; left = Atomics.load(header, REMAINING)) {
        Atomics.wait(header, REMAINING, left);
      }
    }
    if (Atomics.load(header, FAILURES) !== 0) {
      Atomics.store(header, FAILURES, 0);
      throw new Error('wasm pool: a kernel failed in a worker thread');
    }
  }
}
