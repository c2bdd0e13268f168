import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

/**
 * The compiled addon (native/src, built into build/Release by `npm install`). Every function
 * writes its result into an `out` array the caller allocated, so results live in ordinary typed
 * arrays and nothing is copied between JS and C++. The C++ side checks types, integer ranges and
 * array lengths (a wrong call throws, it cannot touch memory out of bounds); whether shapes make
 * sense is checked by the ops in src/tensor before any kernel runs.
 */
export interface NativeAddon {
  /** Size of the OpenMP thread pool oneDNN runs on. */
  readonly threads: number;
  readonly onednnVersion: string;
  matmul(
    a: Float32Array, b: Float32Array, bias: Float32Array | undefined, out: Float32Array,
    batch: number, m: number, n: number, k: number, transposeA: boolean, transposeB: boolean,
    aBatchStride: number, bBatchStride: number, activation: number,
  ): void;
  /** `spec`: the Conv2DSpec fields in declaration order; then the epilogue's bias and activation. */
  conv2d(x: Float32Array, filter: Float32Array, out: Float32Array, spec: Int32Array, bias: Float32Array | undefined, activation: number): void;
  conv2dBackwardInput(dy: Float32Array, filter: Float32Array, dx: Float32Array, spec: Int32Array): void;
  conv2dBackwardFilter(x: Float32Array, dy: Float32Array, dFilter: Float32Array, spec: Int32Array): void;
  /** `spec`: the Pool2DSpec fields in declaration order. */
  pool2d(kind: number, x: Float32Array, out: Float32Array, spec: Int32Array): void;
  pool2dBackward(kind: number, dy: Float32Array, x: Float32Array, dx: Float32Array, spec: Int32Array): void;
  unary(op: number, x: Float32Array, out: Float32Array, n: number): void;
  unaryBackward(op: number, dy: Float32Array, saved: Float32Array, dx: Float32Array, n: number): void;
  /** `out` has `aShape`; `bShape` has the same rank, each dimension equal to a's or 1. */
  binary(op: number, a: Float32Array, aShape: Int32Array, b: Float32Array, bShape: Int32Array, out: Float32Array): void;
  softmax(log: boolean, x: Float32Array, out: Float32Array, outer: number, axis: number, inner: number): void;
  /** Reduces the middle axis of `x` viewed as `[outer, length, inner]`. */
  reduce(op: number, x: Float32Array, out: Float32Array, outer: number, length: number, inner: number): void;
  adam(
    param: Float32Array, grad: Float32Array, m: Float32Array, v: Float32Array,
    outParam: Float32Array, outM: Float32Array, outV: Float32Array,
    alpha: number, beta1: number, beta2: number, epsilon: number,
  ): void;
  /** `spec`: [cell, batch, steps, units, activation, recurrentActivation] as codes.ts numbers them. */
  recurrence(
    spec: Int32Array, xProj: Float32Array, recurrentKernel: Float32Array, initialState: Float32Array,
    recurrentBias: Float32Array | undefined, mask: Float32Array | undefined, recurrentMask: Float32Array | undefined,
    states: Float32Array, reserve: Float32Array,
  ): void;
  recurrenceBackward(
    spec: Int32Array, xProj: Float32Array, recurrentKernel: Float32Array, initialState: Float32Array,
    recurrentBias: Float32Array | undefined, mask: Float32Array | undefined, recurrentMask: Float32Array | undefined,
    states: Float32Array, reserve: Float32Array, dStates: Float32Array,
    dxProj: Float32Array, dRecurrentKernel: Float32Array, dInitialState: Float32Array, dRecurrentBias: Float32Array | undefined,
  ): void;
  /**
   * The serving front's JSON reader (native/src/number_nest.cc): the number nest at `start` (a
   * '[') of `bytes`, whose body ends at `end`, as a new array (Int32Array when `int32`), with
   * `result` = [position after it, rank, ...shape (8)]; undefined when it does not take the nest.
   */
  readNumberNest(bytes: Uint8Array, start: number, end: number, int32: boolean, result: Int32Array): Float32Array | Int32Array | undefined;
  /** Sets the OpenMP team size of the calling JS thread's kernels; returns it. */
  setThreads(n: number): number;
  /** Gloo collectives (native/src/gloo.cc), when the addon was built with Gloo. */
  readonly GlooGroup?: new () => NativeGlooGroup;
}

/** One group of Gloo collectives; every method but close returns when the work off the JS thread is done. */
export interface NativeGlooGroup {
  connect(redisHost: string, redisPort: number, redisUser: string, redisPassword: string, prefix: string, rank: number, size: number, timeoutMs: number, hostname: string): Promise<void>;
  /** `timeoutMs` > 0 replaces the group's timeout for this call. */
  allreduce(data: Float32Array, timeoutMs: number): Promise<void>;
  broadcast(data: Uint8Array, root: number): Promise<void>;
  close(): void;
}

const ADDON_FILE = fileURLToPath(new URL('../../../build/Release/tensile_native.node', import.meta.url));
const FUNCTIONS = [
  'matmul', 'conv2d', 'conv2dBackwardInput', 'conv2dBackwardFilter', 'pool2d', 'pool2dBackward',
  'unary', 'unaryBackward', 'binary', 'softmax', 'reduce', 'adam', 'setThreads', 'recurrence', 'recurrenceBackward', 'readNumberNest',
] as const;

export const HOW_TO_ENABLE = 'apt-get install libdnnl-dev g++ make python3, then npm rebuild';

let hinted = false;

/** One line, once per process, for users who would get the js backend without knowing why. */
function hint(reason: string): void {
  if (hinted) return;
  hinted = true;
  process.stderr.write(`tensile: native backend unavailable (${reason}); for it: ${HOW_TO_ENABLE}\n`);
}

/** Loads the addon, or throws saying why it cannot (the registry then falls back to the next backend). */
export function loadAddon(): NativeAddon {
  if (!existsSync(ADDON_FILE)) {
    hint('the addon was not built at install');
    throw new Error(`the addon was not built (no ${ADDON_FILE}); to build it: ${HOW_TO_ENABLE}`);
  }
  // OpenMP (libgomp) reads this once, when the addon loads it. Its default, spinning idle
  // workers, made MLP training 50x slower while other processes used the cores (measured on a
  // shared 2-core machine); passive waiting cost nothing measurable there. A user's value wins.
  process.env['OMP_WAIT_POLICY'] ??= 'passive';
  let addon: Record<string, unknown>;
  try {
    addon = createRequire(import.meta.url)(ADDON_FILE) as Record<string, unknown>;
  } catch (err) {
    hint('the addon does not load');
    throw new Error(`the addon does not load: ${(err as Error).message}; to rebuild it: ${HOW_TO_ENABLE}`);
  }
  const missing = FUNCTIONS.filter((name) => typeof addon[name] !== 'function');
  if (missing.length > 0) throw new Error(`the addon is out of date (no ${missing.join(', ')}); run npm rebuild`);
  return addon as unknown as NativeAddon;
}
