/**
 * A worker thread of the wasm backend's pool: instantiates the kernels on the shared memory and
 * runs the calls the main thread puts in its slot (see control.ts), until the process ends.
 */
import { workerData } from 'node:worker_threads';
import { controlOf, FAILURES, GENERATION, readyFlag, REMAINING, SLOT, slotGeneration } from './control.js';
import { instantiate, KERNEL_NAMES } from './kernels.js';
import { invoke } from './threads.js';

export interface WorkerSetup {
  module: WebAssembly.Module;
  memory: WebAssembly.Memory;
  control: SharedArrayBuffer;
  workers: number;
  index: number;
}

/** Polls this many times before sleeping: back-to-back calls (a training step) skip the wake-up. */
const SPIN = 2000;

const setup = workerData as WorkerSetup;
const kernels = instantiate(setup.module, setup.memory);
const { header, slots } = controlOf(setup.control, setup.workers);
const mine = slotGeneration(setup.index);
const base = setup.index * SLOT;
Atomics.store(header, readyFlag(setup.index), 1);

let seen = Atomics.load(header, GENERATION);
let done = Atomics.load(header, mine);
for (;;) {
  for (let i = 0; i < SPIN && Atomics.load(header, GENERATION) === seen; i++);
  Atomics.wait(header, GENERATION, seen);
  seen = Atomics.load(header, GENERATION);
  const filled = Atomics.load(header, mine);
  if (filled === done) continue;
  done = filled;
  const args = Array.from(slots.subarray(base + 1, base + SLOT));
  try {
    invoke(kernels, { kernel: KERNEL_NAMES[slots[base]!]!, args });
  } catch {
    Atomics.add(header, FAILURES, 1);
  }
  if (Atomics.sub(header, REMAINING, 1) === 1) Atomics.notify(header, REMAINING);
}
