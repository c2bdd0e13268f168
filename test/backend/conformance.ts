/**
 * Backend conformance suite: calls every kernel of the `Backend` interface directly (typed arrays
 * in, typed arrays out) and compares with the float64 references in test/helpers/, never with
 * another backend. Each backend gets a one-line test file: `runConformanceSuite('name')`.
 *
 * Besides values, every call checks the general contract: inputs (arrays, shapes, specs) are not
 * modified, the result is a new array of the right type and length that shares no memory with
 * the inputs or with the result of an identical second call.
 *
 * Float results must match the reference within float32 accuracy: |actual - expected| <=
 * 1e-4 * max(|expected|, scale) + atol, where `scale` is, for kernels that sum products, the same
 * kernel applied to absolute values (a bound on what cancellation can cost).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type {
  Activation, Backend, BinaryOp, Conv2DSpec, MatMulSpec, Pool2DSpec, PoolOp, RecurrenceInputs, RecurrenceSpec, RecurrentCell, SoftmaxDims, UnaryOp,
} from '../../src/backend/index.js';
import { BINARY_OPS, RECURRENT_CELLS, UNARY_OPS } from '../../src/backend/backend.js';
import { getBackendInstance } from '../../src/backend/index.js';
import type { NDArray, RefPadding } from '../helpers/reference.js';
import * as ref from '../helpers/reference.js';
import * as refB from '../helpers/referenceBackward.js';
import { recurrenceRef } from '../helpers/recurrence.js';

type TypedArray = Float32Array | Int32Array;
type Kind = 'float32' | 'int32';

const RTOL = 1e-4;

// ---------------------------------------------------------------------------------------------
// Data

/** mulberry32: a small deterministic generator, so failures reproduce. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const size = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

function uniform(n: number, seed: number, lo = -2, hi = 2): Float32Array {
  const r = rng(seed);
  return Float32Array.from({ length: n }, () => lo + (hi - lo) * r());
}

/** Integers in [lo, hi]. */
function integers(n: number, seed: number, lo: number, hi: number): Int32Array {
  const r = rng(seed);
  return Int32Array.from({ length: n }, () => lo + Math.floor((hi - lo + 1) * r()));
}

/** Integer-valued floats in [lo, hi]: many ties, for comparisons, max/min and arg reductions. */
const smallInts = (n: number, seed: number, lo = -2, hi = 2): Float32Array => Float32Array.from(integers(n, seed, lo, hi));

/** `n` distinct values in a random order (max pooling: every window has a single maximum). */
function distinct(n: number, seed: number): Float32Array {
  const r = rng(seed);
  const v = Float32Array.from({ length: n }, (_, i) => (i - n / 2) * 0.25);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [v[i], v[j]] = [v[j]!, v[i]!];
  }
  return v;
}

const nd = (x: ArrayLike<number>, shape: readonly number[]): NDArray => ref.nd(x, shape.slice());
const absND = (x: NDArray): NDArray => ref.map(x, Math.abs);
const json = (v: unknown): string => JSON.stringify(v);

/** Frozen copies of shapes, axis lists and specs: a kernel writing to one throws (ES modules are strict). */
function frozen<T extends readonly number[]>(xs: T): T {
  return Object.freeze(xs.slice()) as unknown as T;
}
function frozenShapes(shapes: readonly (readonly number[])[]): readonly (readonly number[])[] {
  return Object.freeze(shapes.map((s) => frozen(s)));
}
function frozenSpec<T extends object>(spec: T): T {
  return Object.freeze({ ...spec });
}

// ---------------------------------------------------------------------------------------------
// Checks

function bytesOf(x: TypedArray): Buffer {
  return Buffer.from(x.buffer, x.byteOffset, x.byteLength);
}

function overlaps(a: TypedArray, b: TypedArray): boolean {
  return a.buffer === b.buffer && a.byteOffset < b.byteOffset + b.byteLength && b.byteOffset < a.byteOffset + a.byteLength;
}

/**
 * Runs `kernel` twice and checks the general contract: `inputs` unchanged, result of the
 * expected type and length, in memory of its own. Returns the first result.
 */
function call<T extends TypedArray>(what: string, inputs: readonly TypedArray[], kind: Kind, length: number, kernel: () => T): T {
  const before = inputs.map((x) => Buffer.from(bytesOf(x)));
  const out = kernel();
  inputs.forEach((x, i) => {
    assert.ok(bytesOf(x).equals(before[i]!), `${what}: input ${i} was modified`);
  });
  if (kind === 'float32') assert.ok(out instanceof Float32Array, `${what}: expected a Float32Array, found ${out.constructor.name}`);
  else assert.ok(out instanceof Int32Array, `${what}: expected an Int32Array, found ${out.constructor.name}`);
  assert.equal(out.length, length, `${what}: result has ${out.length} elements, expected ${length}`);
  inputs.forEach((x, i) => {
    assert.ok(!overlaps(out, x), `${what}: the result shares memory with input ${i}`);
  });
  const snapshot = Buffer.from(bytesOf(out));
  const again = kernel();
  assert.ok(!overlaps(out, again), `${what}: two calls returned results sharing memory`);
  assert.ok(bytesOf(out).equals(snapshot), `${what}: a second call changed the first call's result`);
  return out;
}

interface Tolerance {
  rtol?: number;
  atol?: number;
  /** Per-element magnitude the relative tolerance also applies to (e.g. the kernel on |inputs|). */
  scale?: ArrayLike<number>;
}

/** Float32 results against a float64 reference (rounded to float32 first, so overflow to ±Infinity matches). */
function expectClose(what: string, actual: TypedArray, expected: ArrayLike<number>, tol: Tolerance = {}): void {
  const { rtol = RTOL, atol = 1e-6, scale } = tol;
  assert.equal(actual.length, expected.length, `${what}: ${actual.length} values, expected ${expected.length}`);
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i]!;
    const e = Math.fround(expected[i]!);
    if (Object.is(a, e)) continue;
    const magnitude = Math.max(Math.abs(e), scale === undefined ? 0 : Math.abs(scale[i]!));
    if (!(Math.abs(a - e) <= atol + rtol * magnitude)) {
      assert.fail(`${what}: element ${i} is ${a}, expected ${e} (rtol ${rtol}, atol ${atol}, scale ${magnitude})`);
    }
  }
}

/** Exact results: int32 kernels, and float32 kernels that only move values (layout ops). */
function expectExact(what: string, actual: TypedArray, expected: ArrayLike<number>): void {
  assert.equal(actual.length, expected.length, `${what}: ${actual.length} values, expected ${expected.length}`);
  for (let i = 0; i < actual.length; i++) {
    if (actual[i] !== expected[i]) assert.fail(`${what}: element ${i} is ${actual[i]}, expected ${expected[i]}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Float64 definitions of the elementwise kernels

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

const UNARY_REF: Record<UnaryOp, (x: number) => number> = {
  neg: (x) => -x,
  abs: Math.abs,
  sign: Math.sign,
  square: (x) => x * x,
  exp: Math.exp,
  log: Math.log,
  sqrt: Math.sqrt,
  relu: (x) => Math.max(x, 0),
  sigmoid,
  tanh: Math.tanh,
};

const BINARY_REF: Record<BinaryOp, (a: number, b: number) => number> = {
  add: (a, b) => a + b,
  sub: (a, b) => a - b,
  mul: (a, b) => a * b,
  div: (a, b) => a / b,
  pow: Math.pow,
  maximum: Math.max,
  minimum: Math.min,
  equal: (a, b) => (a === b ? 1 : 0),
  greater: (a, b) => (a > b ? 1 : 0),
  greaterEqual: (a, b) => (a >= b ? 1 : 0),
  reluGrad: (dy, x) => (x > 0 ? dy : 0),
  sigmoidGrad: (dy, y) => dy * y * (1 - y),
  tanhGrad: (dy, y) => dy * (1 - y * y),
};

const ACTIVATION_REF: Record<Activation, (x: number) => number> = {
  linear: (x) => x,
  relu: (x) => Math.max(x, 0),
  sigmoid,
  tanh: Math.tanh,
};

/** Comparisons and max/min get integer-valued operands from {-2..2}, so ties occur. */
const TIES: readonly BinaryOp[] = ['maximum', 'minimum', 'equal', 'greater', 'greaterEqual'];

/** First operand of a binary op: bases of `pow` positive, otherwise uniform or tie-prone. */
function firstOperand(op: BinaryOp, n: number, seed: number): Float32Array {
  if (op === 'pow') return uniform(n, seed, 0.25, 2);
  return TIES.includes(op) ? smallInts(n, seed) : uniform(n, seed);
}

/** Second operand, inside the op's domain: divisors away from 0, saved activations in range. */
function secondOperand(op: BinaryOp, n: number, seed: number): Float32Array {
  switch (op) {
    case 'div': {
      const r = rng(seed);
      return Float32Array.from({ length: n }, () => (r() < 0.5 ? -1 : 1) * (0.5 + 1.5 * r()));
    }
    case 'reluGrad': return smallInts(n, seed, -1, 1); // the saved input x, with exact zeros
    case 'sigmoidGrad': return uniform(n, seed, 0, 1); // the saved output y = sigmoid(x)
    case 'tanhGrad': return uniform(n, seed, -1, 1); // the saved output y = tanh(x)
    default: return TIES.includes(op) ? smallInts(n, seed) : uniform(n, seed);
  }
}

const BROADCAST_CASES: [number[], number[]][] = [
  [[2, 3, 4], [2, 3, 4]],
  [[33, 17], [33, 17]],
  [[2, 3], []],
  [[], [2, 3]],
  [[5], [1]],
  [[1], [5]],
  [[1, 1], [3, 1]],
  [[3, 1, 2], [4, 1]],
  [[4, 1], [3, 1, 2]],
  [[2, 1, 4], [1, 3, 1]],
  [[4, 1], [1, 5]],
  [[33, 17], [17]],
  [[2, 3, 1, 5], [3, 4, 1]],
  [[], []],
  [[0, 3], [3]],
  [[2, 0], [2, 1]],
  [[0], []],
  [[7, 1], [7, 0]],
];

/** Row-major unravel of a flat index. */
function unravel(index: number, shape: readonly number[]): number[] {
  const out = new Array<number>(shape.length);
  for (let i = shape.length - 1; i >= 0; i--) {
    out[i] = index % shape[i]!;
    index = Math.floor(index / shape[i]!);
  }
  return out;
}

/** argMax / argMin along `axis`, first index on ties, written out naively. */
function argReference(op: 'argMax' | 'argMin', x: ArrayLike<number>, shape: readonly number[], axis: number): number[] {
  const outShape = shape.filter((_, i) => i !== axis);
  return Array.from({ length: size(outShape) }, (_, o) => {
    const c = unravel(o, outShape);
    let best = 0;
    for (let d = 1; d < shape[axis]!; d++) {
      const at = (j: number): number => {
        const full = [...c.slice(0, axis), j, ...c.slice(axis)];
        let flat = 0;
        full.forEach((v, i) => (flat = flat * shape[i]! + v));
        return x[flat]!;
      };
      if (op === 'argMax' ? at(d) > at(best) : at(d) < at(best)) best = d;
    }
    return best;
  });
}

function permutations(n: number): number[][] {
  if (n === 0) return [[]];
  return permutations(n - 1).flatMap((p) => Array.from({ length: n }, (_, i) => [...p.slice(0, i), n - 1, ...p.slice(i)]));
}

// ---------------------------------------------------------------------------------------------
// Matmul, convolution and pooling cases

interface MatCase {
  batch: number;
  m: number;
  k: number;
  n: number;
  ta?: boolean;
  tb?: boolean;
  /** Batch stride 0: one matrix for every batch entry. */
  aShared?: boolean;
  bShared?: boolean;
  bias?: boolean;
  activation?: Activation;
}

interface ConvCase {
  n: number;
  h: number;
  w: number;
  c: number;
  fh: number;
  fw: number;
  oc: number;
  strides: [number, number];
  dilations: [number, number];
  padding: RefPadding;
}

const CONV_CASES: ConvCase[] = [
  { n: 2, h: 5, w: 6, c: 3, fh: 3, fw: 3, oc: 4, strides: [1, 1], dilations: [1, 1], padding: 'valid' },
  { n: 2, h: 7, w: 6, c: 2, fh: 2, fw: 3, oc: 3, strides: [2, 1], dilations: [1, 1], padding: 1 },
  { n: 1, h: 8, w: 9, c: 3, fh: 3, fw: 3, oc: 2, strides: [1, 1], dilations: [2, 2], padding: 2 },
  // 'same' with an even filter height: one more padded row after than before.
  { n: 2, h: 7, w: 6, c: 2, fh: 4, fw: 3, oc: 3, strides: [1, 1], dilations: [1, 1], padding: 'same' },
  { n: 2, h: 6, w: 5, c: 4, fh: 1, fw: 1, oc: 3, strides: [2, 2], dilations: [1, 1], padding: 'valid' },
  // Filter larger than the image.
  { n: 1, h: 4, w: 3, c: 2, fh: 5, fw: 5, oc: 2, strides: [1, 1], dilations: [1, 1], padding: 2 },
  { n: 2, h: 9, w: 8, c: 3, fh: 3, fw: 2, oc: 5, strides: [2, 3], dilations: [2, 1], padding: 'same' },
  // Stride leaves the last row and column unread.
  { n: 2, h: 6, w: 6, c: 1, fh: 3, fw: 3, oc: 1, strides: [2, 2], dilations: [1, 1], padding: 'valid' },
  { n: 1, h: 5, w: 5, c: 3, fh: 3, fw: 3, oc: 2, strides: [3, 3], dilations: [1, 1], padding: 1 },
  { n: 2, h: 3, w: 10, c: 2, fh: 1, fw: 4, oc: 3, strides: [1, 2], dilations: [1, 3], padding: 'same' },
];

interface ConvSetup {
  spec: Conv2DSpec;
  geometry: refB.ConvGeometry;
  xShape: number[];
  wShape: number[];
  yShape: number[];
}

function convSetup(cc: ConvCase): ConvSetup {
  const rows = refB.outAndPad(cc.h, (cc.fh - 1) * cc.dilations[0] + 1, cc.strides[0], cc.padding);
  const cols = refB.outAndPad(cc.w, (cc.fw - 1) * cc.dilations[1] + 1, cc.strides[1], cc.padding);
  const spec: Conv2DSpec = {
    batch: cc.n, inHeight: cc.h, inWidth: cc.w, inChannels: cc.c,
    outHeight: rows.out, outWidth: cols.out, outChannels: cc.oc,
    filterHeight: cc.fh, filterWidth: cc.fw,
    strideHeight: cc.strides[0], strideWidth: cc.strides[1],
    dilationHeight: cc.dilations[0], dilationWidth: cc.dilations[1],
    padTop: rows.before, padLeft: cols.before,
  };
  return {
    spec,
    geometry: { out: [rows.out, cols.out], strides: cc.strides, padBefore: [rows.before, cols.before], dilations: cc.dilations },
    xShape: [cc.n, cc.h, cc.w, cc.c],
    wShape: [cc.fh, cc.fw, cc.c, cc.oc],
    yShape: [cc.n, rows.out, cols.out, cc.oc],
  };
}

const convName = (cc: ConvCase): string =>
  `x [${cc.n},${cc.h},${cc.w},${cc.c}] filter [${cc.fh},${cc.fw},${cc.c},${cc.oc}] strides ${json(cc.strides)} ` +
  `dilations ${json(cc.dilations)} padding ${json(cc.padding)}`;

interface PoolCase {
  n: number;
  h: number;
  w: number;
  c: number;
  size: [number, number];
  strides: [number, number];
  padding: RefPadding;
}

const POOL_CASES: PoolCase[] = [
  { n: 2, h: 4, w: 6, c: 3, size: [2, 2], strides: [2, 2], padding: 'valid' },
  { n: 2, h: 5, w: 5, c: 2, size: [3, 3], strides: [1, 1], padding: 1 },
  // 'same' on odd sizes: padding only after.
  { n: 1, h: 5, w: 7, c: 3, size: [2, 2], strides: [2, 2], padding: 'same' },
  { n: 2, h: 6, w: 5, c: 2, size: [3, 2], strides: [2, 1], padding: 1 },
  { n: 1, h: 6, w: 6, c: 2, size: [3, 3], strides: [1, 1], padding: 'valid' },
  { n: 2, h: 4, w: 4, c: 3, size: [1, 1], strides: [1, 1], padding: 'valid' },
  // 'same' with padding before and after.
  { n: 1, h: 7, w: 6, c: 2, size: [3, 3], strides: [2, 2], padding: 'same' },
  { n: 2, h: 5, w: 4, c: 1, size: [2, 3], strides: [1, 2], padding: 'valid' },
  { n: 2, h: 7, w: 8, c: 2, size: [4, 3], strides: [3, 2], padding: 'same' },
];

interface PoolSetup {
  spec: Pool2DSpec;
  geometry: refB.PoolGeometry;
  xShape: number[];
  yShape: number[];
}

function poolSetup(pc: PoolCase): PoolSetup {
  const rows = refB.outAndPad(pc.h, pc.size[0], pc.strides[0], pc.padding);
  const cols = refB.outAndPad(pc.w, pc.size[1], pc.strides[1], pc.padding);
  const spec: Pool2DSpec = {
    batch: pc.n, inHeight: pc.h, inWidth: pc.w, channels: pc.c,
    outHeight: rows.out, outWidth: cols.out,
    poolHeight: pc.size[0], poolWidth: pc.size[1],
    strideHeight: pc.strides[0], strideWidth: pc.strides[1],
    padTop: rows.before, padLeft: cols.before,
  };
  return {
    spec,
    geometry: { out: [rows.out, cols.out], strides: pc.strides, padBefore: [rows.before, cols.before], size: pc.size },
    xShape: [pc.n, pc.h, pc.w, pc.c],
    yShape: [pc.n, rows.out, cols.out, pc.c],
  };
}

const poolName = (pc: PoolCase): string =>
  `x [${pc.n},${pc.h},${pc.w},${pc.c}] pool ${json(pc.size)} strides ${json(pc.strides)} padding ${json(pc.padding)}`;

// ---------------------------------------------------------------------------------------------
// Recurrence

interface RecurrenceCase {
  cell: RecurrentCell;
  batch: number;
  steps: number;
  units: number;
  mask?: boolean;
  recurrentMask?: boolean;
  /** Check gradients element by element (small cases) or along one random direction per input (large ones). */
  elementwise: boolean;
}

function recurrenceSetup(rc: RecurrenceCase, seed: number): { inputs: RecurrenceInputs; spec: RecurrenceSpec; dStates: Float32Array } {
  const { gates, states } = RECURRENT_CELLS[rc.cell];
  const [B, T, U] = [rc.batch, rc.steps, rc.units];
  const inputs: RecurrenceInputs = {
    xProj: uniform(B * T * gates * U, seed, -1, 1),
    recurrentKernel: uniform(U * gates * U, seed + 1, -1 / Math.sqrt(U), 1 / Math.sqrt(U)),
    initialState: uniform(B * states * U, seed + 2, -0.9, 0.9),
  };
  if (rc.cell === 'gruResetAfter') inputs.recurrentBias = uniform(gates * U, seed + 3, -0.5, 0.5);
  // Every third step of every other row is padding.
  if (rc.mask === true) inputs.mask = Float32Array.from({ length: B * T }, (_, i) => (Math.floor(i / T) % 2 === 1 && (i % T) % 3 === 1 ? 0 : 1));
  if (rc.recurrentMask === true) inputs.recurrentMask = Float32Array.from(integers(B * U, seed + 4, 0, 1), (k) => 2 * k);
  const spec: RecurrenceSpec = { cell: rc.cell, batch: B, steps: T, units: U, activation: 'tanh', recurrentActivation: 'sigmoid' };
  return { inputs, spec, dStates: uniform(B * T * states * U, seed + 5, -1, 1) };
}

const RECURRENCE_INPUTS = ['xProj', 'recurrentKernel', 'initialState', 'recurrentBias'] as const;

/** The float64 reference's states for `inputs` with one of them replaced. */
function recurrenceStates(inputs: RecurrenceInputs, spec: RecurrenceSpec, replaced?: { key: (typeof RECURRENCE_INPUTS)[number]; value: Float64Array }): Float64Array {
  const { gates, states } = RECURRENT_CELLS[spec.cell];
  const [B, T, U] = [spec.batch, spec.steps, spec.units];
  const get = (key: (typeof RECURRENCE_INPUTS)[number], shape: number[]): NDArray =>
    ref.nd(replaced?.key === key ? replaced.value : inputs[key]!, shape);
  return recurrenceRef({
    cell: spec.cell, activation: spec.activation, recurrentActivation: spec.recurrentActivation,
    xProj: get('xProj', [B, T, gates * U]), recurrentKernel: get('recurrentKernel', [U, gates * U]), initialState: get('initialState', [B, states * U]),
    ...(inputs.recurrentBias === undefined ? {} : { recurrentBias: get('recurrentBias', [gates * U]) }),
    ...(inputs.mask === undefined ? {} : { mask: nd(inputs.mask, [B, T]) }),
    ...(inputs.recurrentMask === undefined ? {} : { recurrentMask: nd(inputs.recurrentMask, [B, U]) }),
  }).data;
}

/** d<dStates, states>/d(input) in float64 by central differences: every element, or along `direction` only. */
function recurrenceGradient(inputs: RecurrenceInputs, spec: RecurrenceSpec, dStates: Float32Array, key: (typeof RECURRENCE_INPUTS)[number], direction?: Float64Array): Float64Array {
  const base = Float64Array.from(inputs[key]!);
  const eps = 1e-6;
  const loss = (value: Float64Array): number => recurrenceStates(inputs, spec, { key, value }).reduce((acc, v, i) => acc + v * dStates[i]!, 0);
  const shifted = (sign: number, j: number): Float64Array => base.map((v, i) => v + sign * eps * (direction === undefined ? (i === j ? 1 : 0) : direction[i]!));
  const count = direction === undefined ? base.length : 1;
  return Float64Array.from({ length: count }, (_, j) => (loss(shifted(1, j)) - loss(shifted(-1, j))) / (2 * eps));
}

const recurrenceName = (rc: RecurrenceCase): string =>
  `${rc.cell} batch ${rc.batch} steps ${rc.steps} units ${rc.units}${rc.mask === true ? ', padded steps' : ''}${rc.recurrentMask === true ? ', recurrent dropout' : ''}`;

const RECURRENCE_CASES: RecurrenceCase[] = (['simpleRNN', 'lstm', 'gru', 'gruResetAfter'] as const).flatMap((cell) => [
  { cell, batch: 3, steps: 4, units: 5, elementwise: true },
  { cell, batch: 3, steps: 4, units: 5, mask: true, recurrentMask: true, elementwise: true },
  // Wide enough for the native kernel's parallel loops and threaded gemms.
  { cell, batch: 16, steps: 5, units: 64, mask: true, elementwise: false },
]);

// ---------------------------------------------------------------------------------------------

export function runConformanceSuite(backendName: string): void {
  describe(`backend conformance: ${backendName}`, () => {
    const be: Backend = getBackendInstance(backendName);

    it('reports its name', () => {
      assert.equal(be.name, backendName);
    });

    it('setThreads limits its kernels to at least one thread and says how many it uses', () => {
      const one = be.setThreads(1);
      assert.equal(one, 1);
      const two = be.setThreads(2);
      assert.ok(two === 1 || two === 2, `setThreads(2) gave ${two}`);
    });

    describe('unary', () => {
      const LENGTHS = [0, 1, 5, 33, 1000];
      // Zeros, signs and magnitudes where a naive formula overflows (exp, sigmoid) or saturates (tanh).
      const SPECIAL = [0, -0, 1, -1, 0.5, -0.5, 3, -3, 20, -20, 88, -88, 100, -100, 1000, -1000, 1e20, -1e20];
      const POSITIVE_SPECIAL = [0, 1, 1e-30, 1e-3, 0.5, 2, 100, 1e20, 1e30];

      for (const op of UNARY_OPS) {
        it(`${op} float32`, () => {
          const positive = op === 'log' || op === 'sqrt';
          const inputs = LENGTHS.map((n, i) => (positive ? uniform(n, 10 + i, 0.01, 10) : uniform(n, 10 + i, -4, 4)));
          inputs.push(Float32Array.from(positive ? POSITIVE_SPECIAL : SPECIAL));
          for (const x of inputs) {
            const what = `unary ${op} float32 length ${x.length}`;
            const out = call(what, [x], 'float32', x.length, () => be.unary(op, x));
            expectClose(what, out, Array.from(x, UNARY_REF[op]));
          }
        });
      }

      const INT_OPS = ['neg', 'abs', 'sign', 'square', 'relu'] as const;
      for (const op of INT_OPS) {
        it(`${op} int32 keeps int32`, () => {
          const inputs = LENGTHS.map((n, i) => integers(n, 20 + i, -1000, 1000));
          const limit = op === 'square' ? 46340 : 2147483647;
          inputs.push(Int32Array.from([0, 1, -1, 2, -7, limit, -limit]));
          for (const x of inputs) {
            const what = `unary ${op} int32 length ${x.length}`;
            const out = call(what, [x], 'int32', x.length, () => be.unary(op, x));
            expectExact(what, out, Array.from(x, (v) => UNARY_REF[op](v) | 0));
          }
        });
      }
    });

    describe('binary', () => {
      for (const op of BINARY_OPS) {
        it(`${op} float32: same shape, scalars, broadcasting, rank 0, empty`, () => {
          BROADCAST_CASES.forEach(([aShape, bShape], i) => {
            const a = firstOperand(op, size(aShape), 100 + i);
            const b = secondOperand(op, size(bShape), 200 + i);
            const expected = ref.zip(nd(a, aShape), nd(b, bShape), BINARY_REF[op]);
            const outShape = expected.shape;
            const what = `binary ${op} ${json(aShape)} with ${json(bShape)}`;
            const out = call(what, [a, b], 'float32', size(outShape), () =>
              be.binary(op, a, frozen(aShape), b, frozen(bShape), frozen(outShape)));
            expectClose(what, out, expected.data);
          });
        });
      }

      const INT_OPS = ['add', 'sub', 'mul', 'maximum', 'minimum', 'equal', 'greater', 'greaterEqual'] as const;
      for (const op of INT_OPS) {
        it(`${op} int32 keeps int32`, () => {
          BROADCAST_CASES.forEach(([aShape, bShape], i) => {
            // Wide values for arithmetic, a narrow range (many ties) for comparisons.
            const wide = op === 'add' || op === 'sub' || op === 'mul';
            const a = wide ? integers(size(aShape), 300 + i, -1000, 1000) : integers(size(aShape), 300 + i, -2, 2);
            const b = wide ? integers(size(bShape), 400 + i, -1000, 1000) : integers(size(bShape), 400 + i, -2, 2);
            const expected = ref.zip(nd(a, aShape), nd(b, bShape), BINARY_REF[op]);
            const what = `binary ${op} int32 ${json(aShape)} with ${json(bShape)}`;
            const out = call(what, [a, b], 'int32', expected.data.length, () =>
              be.binary(op, a, frozen(aShape), b, frozen(bShape), frozen(expected.shape)));
            expectExact(what, out, expected.data);
          });
        });
      }
    });

    describe('cast', () => {
      it('float32 to int32 truncates toward zero', () => {
        const special = Float32Array.from([0, -0, 0.4, 0.5, 0.6, 1.5, 2.5, -0.4, -0.5, -1.5, -2.7, 3, -3, 123456.7, -98765.4, 16777216, 2e9, -2e9]);
        for (const x of [special, uniform(0, 1), uniform(1, 2), uniform(257, 3, -1000, 1000)]) {
          const what = `cast float32 -> int32 length ${x.length}`;
          const out = call(what, [x], 'int32', x.length, () => be.cast(x, 'int32'));
          expectExact(what, out, Array.from(x, (v) => Math.trunc(v) | 0));
        }
      });

      it('int32 to float32', () => {
        const special = Int32Array.from([0, 1, -1, 7, -1000, 16777216, 16777217, -16777217, 2147483647, -2147483648]);
        for (const x of [special, integers(0, 1, 0, 1), integers(300, 4, -100000, 100000)]) {
          const what = `cast int32 -> float32 length ${x.length}`;
          const out = call(what, [x], 'float32', x.length, () => be.cast(x, 'float32'));
          expectClose(what, out, Array.from(x), { rtol: 0, atol: 0 });
        }
      });

      it('to the same dtype copies', () => {
        const f = uniform(50, 5);
        expectExact('cast float32 -> float32', call('cast float32 -> float32', [f], 'float32', 50, () => be.cast(f, 'float32')), f);
        const n = integers(50, 6, -5, 5);
        expectExact('cast int32 -> int32', call('cast int32 -> int32', [n], 'int32', 50, () => be.cast(n, 'int32')), n);
      });
    });

    describe('reduce', () => {
      const CASES: [number[], number[]][] = [
        [[2, 3, 4], [0]],
        [[2, 3, 4], [2]],
        [[2, 3, 4], [1]],
        [[2, 3, 4], [0, 2]],
        [[2, 3, 4], [0, 1]],
        [[2, 3, 4], [1, 2]],
        [[2, 3, 4], [0, 1, 2]],
        [[2, 3, 4], []],
        [[3, 1, 4, 2], [1, 3]],
        [[3, 1, 4, 2], [0, 2]],
        [[2, 3, 4, 5], [0, 3]],
        [[2, 3, 4, 5], [1, 2]],
        [[2, 3, 4, 5], [0, 2, 3]],
        [[7], [0]],
        [[1000], [0]],
        [[37, 29], [0]],
        [[37, 29], [1]],
        [[], []],
        [[2, 0, 3], [0]],
      ];
      const REF = { sum: ref.sum, max: ref.max, min: ref.min };

      for (const op of ['sum', 'max', 'min'] as const) {
        it(`${op} float32 over leading, trailing, middle, non-contiguous, all and no axes`, () => {
          CASES.forEach(([shape, axes], i) => {
            const x = uniform(size(shape), 500 + i);
            const xs = nd(x, shape);
            const expected = REF[op](xs, axes);
            const what = `reduce ${op} ${json(shape)} axes ${json(axes)}`;
            const out = call(what, [x], 'float32', expected.data.length, () => be.reduce(op, x, frozen(shape), frozen(axes)));
            expectClose(what, out, expected.data, op === 'sum' ? { scale: ref.sum(absND(xs), axes).data } : {});
          });
        });

        it(`${op} int32 keeps int32`, () => {
          CASES.forEach(([shape, axes], i) => {
            const x = integers(size(shape), 600 + i, -50, 50);
            const expected = REF[op](nd(x, shape), axes);
            const what = `reduce ${op} int32 ${json(shape)} axes ${json(axes)}`;
            const out = call(what, [x], 'int32', expected.data.length, () => be.reduce(op, x, frozen(shape), frozen(axes)));
            expectExact(what, out, expected.data);
          });
        });
      }

      it('sum over an axis of length 0 gives zeros', () => {
        for (const [shape, axes] of [[[2, 0, 3], [1]], [[0, 4], [0]], [[3, 0], [0, 1]]] as [number[], number[]][]) {
          const x = new Float32Array(0);
          const outSize = size(shape.filter((_, i) => !axes.includes(i)));
          const what = `reduce sum ${json(shape)} axes ${json(axes)}`;
          const out = call(what, [x], 'float32', outSize, () => be.reduce('sum', x, frozen(shape), frozen(axes)));
          expectExact(what, out, new Array<number>(outSize).fill(0));
        }
      });
    });

    describe('argReduce', () => {
      const CASES: [number[], number][] = [
        [[6], 0],
        [[3, 4], 0],
        [[3, 4], 1],
        [[2, 3, 4], 0],
        [[2, 3, 4], 1],
        [[2, 3, 4], 2],
        [[1, 5], 1],
        [[4, 1], 1],
        [[3, 17, 5], 1],
      ];
      for (const op of ['argMax', 'argMin'] as const) {
        for (const kind of ['float32', 'int32'] as const) {
          it(`${op} ${kind}, first index on ties`, () => {
            CASES.forEach(([shape, axis], i) => {
              // Values from {-2..2}: nearly every slice has ties.
              const x: TypedArray = kind === 'int32' ? integers(size(shape), 700 + i, -2, 2) : smallInts(size(shape), 700 + i);
              const expected = argReference(op, x, shape, axis);
              const what = `${op} ${kind} ${json(shape)} axis ${axis}`;
              const out = call(what, [x], 'int32', expected.length, () => be.argReduce(op, x, frozen(shape), axis));
              expectExact(what, out, expected);
            });
          });
        }
        it(`${op} of equal values is 0; of distinct float32 values is exact`, () => {
          const same = new Float32Array(12).fill(1.5);
          expectExact(`${op} constant`, call(`${op} constant`, [same], 'int32', 3, () => be.argReduce(op, same, frozen([3, 4]), 1)), [0, 0, 0]);
          const x = uniform(60, 7);
          const what = `${op} float32 [4,5,3] axis 1`;
          const out = call(what, [x], 'int32', 12, () => be.argReduce(op, x, frozen([4, 5, 3]), 1));
          expectExact(what, out, argReference(op, x, [4, 5, 3], 1));
        });
      }
    });

    describe('matmul', () => {
      function check(mc: MatCase, seed: number): void {
        const { batch, m, k, n, ta = false, tb = false, aShared = false, bShared = false } = mc;
        const aBatches = aShared ? 1 : batch;
        const bBatches = bShared ? 1 : batch;
        const a = uniform(aBatches * m * k, seed);
        const b = uniform(bBatches * k * n, seed + 1);
        const bias = mc.bias === true ? uniform(n, seed + 2) : undefined;
        const spec: MatMulSpec = {
          batch, m, n, k, transposeA: ta, transposeB: tb,
          aBatchStride: aShared ? 0 : m * k, bBatchStride: bShared ? 0 : k * n,
        };
        if (bias !== undefined) spec.bias = bias;
        if (mc.activation !== undefined) spec.activation = mc.activation;

        const aND = nd(a, ta ? [aBatches, k, m] : [aBatches, m, k]);
        const bND = nd(b, tb ? [bBatches, n, k] : [bBatches, k, n]);
        const outShape = [batch, m, n];
        let expected = ref.broadcastTo(ref.matmul(aND, bND, ta, tb), outShape);
        let scale = ref.broadcastTo(ref.matmul(absND(aND), absND(bND), ta, tb), outShape);
        if (bias !== undefined) {
          expected = ref.zip(expected, nd(bias, [n]), (v, c) => v + c);
          scale = ref.zip(scale, nd(bias, [n]), (v, c) => v + Math.abs(c));
        }
        expected = ref.map(expected, ACTIVATION_REF[mc.activation ?? 'linear']);

        const inputs = bias === undefined ? [a, b] : [a, b, bias];
        const what = `matmul ${json(mc)}`;
        const out = call(what, inputs, 'float32', batch * m * n, () => be.matmul(a, b, frozenSpec(spec)));
        expectClose(what, out, expected.data, { scale: scale.data });
      }

      it('every transpose combination, batch 1, 2 and 3', () => {
        let seed = 800;
        for (const ta of [false, true]) {
          for (const tb of [false, true]) {
            check({ batch: 1, m: 5, k: 7, n: 6, ta, tb }, seed++);
            check({ batch: 3, m: 4, k: 9, n: 5, ta, tb }, seed++);
            check({ batch: 2, m: 6, k: 3, n: 2, ta, tb }, seed++);
          }
        }
      });

      it('batch stride 0 on either or both operands', () => {
        let seed = 850;
        for (const ta of [false, true]) {
          for (const tb of [false, true]) {
            check({ batch: 3, m: 5, k: 6, n: 7, ta, tb, aShared: true }, seed++);
            check({ batch: 3, m: 5, k: 6, n: 7, ta, tb, bShared: true }, seed++);
          }
        }
        check({ batch: 4, m: 3, k: 4, n: 2, aShared: true, bShared: true }, seed++);
      });

      it('bias and each activation', () => {
        let seed = 900;
        for (const activation of ['linear', 'relu', 'sigmoid', 'tanh'] as const) {
          check({ batch: 1, m: 6, k: 5, n: 7, activation }, seed++);
          check({ batch: 1, m: 6, k: 5, n: 7, activation, bias: true }, seed++);
          check({ batch: 3, m: 5, k: 4, n: 3, activation, bias: true, ta: true, bShared: true }, seed++);
        }
      });

      it('degenerate sizes: k = 1, m = 1, n = 1, k = 0', () => {
        let seed = 950;
        check({ batch: 1, m: 6, k: 1, n: 5 }, seed++);
        check({ batch: 2, m: 6, k: 1, n: 5, ta: true, tb: true }, seed++);
        check({ batch: 1, m: 1, k: 8, n: 9 }, seed++);
        check({ batch: 2, m: 1, k: 8, n: 9, ta: true, bias: true, activation: 'relu' }, seed++);
        check({ batch: 1, m: 7, k: 8, n: 1 }, seed++);
        check({ batch: 1, m: 7, k: 8, n: 1, tb: true }, seed++);
        check({ batch: 1, m: 1, k: 1, n: 1 }, seed++);
        check({ batch: 3, m: 1, k: 1, n: 1, bias: true }, seed++);
        check({ batch: 2, m: 3, k: 0, n: 4 }, seed++);
        check({ batch: 2, m: 3, k: 0, n: 4, bias: true, activation: 'sigmoid' }, seed++);
      });

      it('sizes beyond the blocking and not multiples of 4 (m=37, k=300, n=261)', () => {
        check({ batch: 1, m: 37, k: 300, n: 261 }, 1000);
        check({ batch: 2, m: 9, k: 131, n: 259, ta: true, tb: true, bias: true, activation: 'tanh' }, 1001);
        check({ batch: 2, m: 13, k: 257, n: 65, ta: true, bShared: true }, 1002);
      });
    });

    describe('layout', () => {
      it('transpose, rank 0 to 4', () => {
        const cases: [number[], number[]][] = [
          [[], []],
          [[5], [0]],
          [[3, 5], [1, 0]],
          [[3, 5], [0, 1]],
          ...permutations(3).map((p): [number[], number[]] => [[2, 3, 4], p]),
          [[2, 3, 4, 5], [3, 2, 1, 0]],
          [[2, 3, 4, 5], [0, 2, 1, 3]],
          [[2, 3, 4, 5], [1, 3, 0, 2]],
          [[2, 3, 4, 5], [0, 1, 3, 2]],
          [[2, 3, 4, 5], [2, 0, 3, 1]],
          [[1, 4, 1, 3], [2, 0, 3, 1]],
          [[2, 0, 3], [2, 1, 0]],
        ];
        cases.forEach(([shape, perm], i) => {
          for (const kind of ['float32', 'int32'] as const) {
            const x = kind === 'int32' ? integers(size(shape), 1100 + i, -100, 100) : uniform(size(shape), 1100 + i);
            const expected = ref.transpose(nd(x, shape), perm);
            const what = `transpose ${kind} ${json(shape)} perm ${json(perm)}`;
            const out = call(what, [x], kind, size(shape), () => be.transpose(x, frozen(shape), frozen(perm)));
            expectExact(what, out, expected.data);
          }
        });
      });

      it('broadcastTo', () => {
        const cases: [number[], number[]][] = [
          [[3], [2, 3]],
          [[3, 1], [3, 4]],
          [[1, 4, 1], [2, 3, 4, 5]],
          [[5, 1, 1], [2, 5, 3, 4]],
          [[], [2, 3]],
          [[], []],
          [[2, 3], [2, 3]],
          [[1], [7]],
          [[1], [0]],
          [[2, 1, 3], [2, 0, 3]],
        ];
        cases.forEach(([shape, outShape], i) => {
          for (const kind of ['float32', 'int32'] as const) {
            const x = kind === 'int32' ? integers(size(shape), 1200 + i, -100, 100) : uniform(size(shape), 1200 + i);
            const expected = ref.broadcastTo(nd(x, shape), outShape);
            const what = `broadcastTo ${kind} ${json(shape)} -> ${json(outShape)}`;
            const out = call(what, [x], kind, size(outShape), () => be.broadcastTo(x, frozen(shape), frozen(outShape)));
            expectExact(what, out, expected.data);
          }
        });
      });

      it('slice', () => {
        const cases: [number[], number[], number[]][] = [
          [[5], [1], [3]],
          [[4, 5], [1, 2], [2, 3]],
          [[3, 4, 5], [0, 1, 2], [3, 2, 1]],
          [[3, 4, 5], [1, 0, 0], [1, 4, 5]],
          [[3, 4, 5], [2, 3, 4], [1, 1, 1]],
          [[2, 3, 4, 5], [1, 1, 1, 1], [1, 2, 2, 3]],
          [[4, 5], [2, 0], [0, 5]],
          [[4, 5], [0, 0], [4, 5]],
          [[], [], []],
        ];
        cases.forEach(([shape, begin, sz], i) => {
          for (const kind of ['float32', 'int32'] as const) {
            const x = kind === 'int32' ? integers(size(shape), 1300 + i, -100, 100) : uniform(size(shape), 1300 + i);
            const expected = ref.slice(nd(x, shape), begin, sz);
            const what = `slice ${kind} ${json(shape)} begin ${json(begin)} size ${json(sz)}`;
            const out = call(what, [x], kind, size(sz), () => be.slice(x, frozen(shape), frozen(begin), frozen(sz)));
            expectExact(what, out, expected.data);
          }
        });
      });

      it('pad with zeros', () => {
        const cases: [number[], number[], number[]][] = [
          [[3], [2], [1]],
          [[2, 3], [1, 0], [0, 2]],
          [[2, 3, 4], [0, 1, 2], [1, 0, 1]],
          [[2, 3], [0, 0], [0, 0]],
          [[1, 2, 1, 2], [1, 0, 2, 0], [0, 1, 0, 3]],
          [[0, 2], [1, 0], [1, 1]],
          [[], [], []],
        ];
        cases.forEach(([shape, before, after], i) => {
          for (const kind of ['float32', 'int32'] as const) {
            const x = kind === 'int32' ? integers(size(shape), 1400 + i, 1, 100) : uniform(size(shape), 1400 + i, 1, 2);
            const expected = ref.pad(nd(x, shape), before.map((b, j): [number, number] => [b, after[j]!]));
            const what = `pad ${kind} ${json(shape)} before ${json(before)} after ${json(after)}`;
            const out = call(what, [x], kind, expected.data.length, () => be.pad(x, frozen(shape), frozen(before), frozen(after)));
            expectExact(what, out, expected.data);
          }
        });
      });

      it('concat along the first, a middle and the last axis', () => {
        const cases: [number[][], number][] = [
          [[[2, 3], [1, 3], [4, 3]], 0],
          [[[2, 1, 3], [2, 4, 3], [2, 2, 3]], 1],
          [[[2, 3, 2], [2, 3, 1], [2, 3, 3]], 2],
          [[[2, 3], [2, 3]], 1],
          [[[3], [2], [4], [1]], 0],
          [[[3, 4]], 0],
          [[[3, 4]], 1],
          [[[2, 0, 3], [2, 2, 3], [2, 0, 3]], 1],
          [[[0, 3], [2, 3]], 0],
          [[[2, 2, 1, 3], [2, 2, 2, 3]], 2],
        ];
        cases.forEach(([shapes, axis], i) => {
          for (const kind of ['float32', 'int32'] as const) {
            const xs: TypedArray[] = shapes.map((s, j) =>
              kind === 'int32' ? integers(size(s), 1500 + 10 * i + j, -100, 100) : uniform(size(s), 1500 + 10 * i + j));
            const expected = ref.concat(xs.map((x, j) => nd(x, shapes[j]!)), axis);
            const what = `concat ${kind} ${json(shapes)} axis ${axis}`;
            const out = call(what, xs, kind, expected.data.length, () => be.concat(Object.freeze(xs.slice()), frozenShapes(shapes), axis));
            expectExact(what, out, expected.data);
          }
        });
      });

      it('gather, with repeated indices', () => {
        const cases: [number[], number[], number][] = [
          [[5, 3], [4, 0, 0, 2], 0],
          [[2, 5, 3], [1, 4, 1], 1],
          [[2, 3, 5], [4, 0, 2, 2, 1], 2],
          [[6], [5, 0, 3], 0],
          [[3, 4], [3], 1],
          [[4, 3], [], 0],
          [[2, 3, 4], [2, 2, 2, 2, 2, 2], 1],
        ];
        cases.forEach(([shape, idx, axis], i) => {
          for (const kind of ['float32', 'int32'] as const) {
            const x = kind === 'int32' ? integers(size(shape), 1600 + i, -100, 100) : uniform(size(shape), 1600 + i);
            const indices = Int32Array.from(idx);
            const expected = ref.gather(nd(x, shape), idx, axis);
            const what = `gather ${kind} ${json(shape)} indices ${json(idx)} axis ${axis}`;
            const out = call(what, [x, indices], kind, expected.data.length, () => be.gather(x, frozen(shape), indices, axis));
            expectExact(what, out, expected.data);
          }
        });
      });

      it('scatterAdd, repeated indices accumulate', () => {
        const cases: [number[], number[], number, number][] = [
          [[4, 3], [1, 1, 0, 1], 0, 3],
          [[2, 5, 3], [3, 0, 3, 3, 1], 1, 4],
          [[2, 3, 4], [0, 2, 2, 0], 2, 3],
          [[3], [2, 2, 2], 0, 4],
          [[6, 2], [0, 1, 2, 3, 4, 5], 0, 6],
          [[0, 3], [], 0, 2],
          [[2, 0], [], 1, 3],
        ];
        cases.forEach(([dyShape, idx, axis, slots], i) => {
          const dy = uniform(size(dyShape), 1700 + i);
          const indices = Int32Array.from(idx);
          const dyND = nd(dy, dyShape);
          const expected = refB.scatterAdd(dyND, idx, axis, slots);
          const scale = refB.scatterAdd(absND(dyND), idx, axis, slots);
          const what = `scatterAdd ${json(dyShape)} indices ${json(idx)} axis ${axis} size ${slots}`;
          const out = call(what, [dy, indices], 'float32', expected.data.length, () =>
            be.scatterAdd(dy, frozen(dyShape), indices, axis, slots));
          expectClose(what, out, expected.data, { scale: scale.data });
        });
      });

      it('oneHot', () => {
        const cases: [number[], number][] = [
          [[0, 2, 1, 2], 3],
          [[0], 1],
          [[0, 0, 0], 1],
          [[], 4],
          [[5, 0, 3, 3, 1], 6],
        ];
        for (const [idx, depth] of cases) {
          const indices = Int32Array.from(idx);
          const expected = idx.flatMap((index) => Array.from({ length: depth }, (_, j) => (j === index ? 1 : 0)));
          const what = `oneHot ${json(idx)} depth ${depth}`;
          const out = call(what, [indices], 'float32', idx.length * depth, () => be.oneHot(indices, depth));
          expectExact(what, out, expected);
        }
      });
    });

    describe('softmax', () => {
      const CASES: [SoftmaxDims, (n: number, seed: number) => Float32Array][] = [
        [{ outer: 1, axis: 5, inner: 1 }, (n, s) => uniform(n, s, -3, 3)],
        [{ outer: 3, axis: 4, inner: 1 }, (n, s) => uniform(n, s, -3, 3)],
        [{ outer: 2, axis: 3, inner: 4 }, (n, s) => uniform(n, s, -3, 3)],
        [{ outer: 1, axis: 7, inner: 5 }, (n, s) => uniform(n, s, -3, 3)],
        [{ outer: 1, axis: 1, inner: 3 }, (n, s) => uniform(n, s, -3, 3)],
        [{ outer: 4, axis: 1, inner: 1 }, (n, s) => uniform(n, s, -3, 3)],
        [{ outer: 5, axis: 33, inner: 2 }, (n, s) => uniform(n, s, -10, 10)],
        // Large logits: exp(1000) overflows unless shifted by the maximum.
        [{ outer: 2, axis: 6, inner: 1 }, (n, s) => uniform(n, s, 995, 1000)],
        [{ outer: 2, axis: 4, inner: 3 }, (n, s) => uniform(n, s, -1000, -995)],
        [{ outer: 1, axis: 3, inner: 1 }, () => Float32Array.from([1000, 0, -1000])],
        [{ outer: 1, axis: 4, inner: 2 }, () => Float32Array.from([1000, 1000, 999, -1000, 0.5, 2, 1000, 1])],
        // Masked entries (-Infinity, as in attention masks) get probability 0.
        [{ outer: 2, axis: 3, inner: 2 }, () => Float32Array.from([1, -Infinity, -Infinity, 0.5, 2, 3, 0, 1, -Infinity, 2, 4, -Infinity])],
        [{ outer: 0, axis: 3, inner: 2 }, () => new Float32Array(0)],
      ];
      for (const log of [false, true]) {
        const name = log ? 'logSoftmax' : 'softmax';
        it(`${name} over [outer, axis, inner], including inner > 1 and large logits`, () => {
          CASES.forEach(([dims, make], i) => {
            const n = dims.outer * dims.axis * dims.inner;
            const x = make(n, 1800 + i);
            const xs = nd(x, [dims.outer, dims.axis, dims.inner]);
            const expected = log ? ref.logSoftmax(xs, 1) : ref.softmax(xs, 1);
            const what = `${name} ${json(dims)}`;
            const out = call(what, [x], 'float32', n, () =>
              (log ? be.logSoftmax(x, frozenSpec(dims)) : be.softmax(x, frozenSpec(dims))));
            for (const v of out) assert.ok(Number.isFinite(v) || (log && v === -Infinity), `${what}: non-finite result ${v}`);
            expectClose(what, out, expected.data);
          });
        });
      }
    });

    describe('conv2d', () => {
      CONV_CASES.forEach((cc, i) => {
        it(`forward and both backward kernels: ${convName(cc)}`, () => {
          const { spec, geometry, xShape, wShape, yShape } = convSetup(cc);
          const x = uniform(size(xShape), 1900 + 3 * i);
          const w = uniform(size(wShape), 1901 + 3 * i);
          const dy = uniform(size(yShape), 1902 + 3 * i);
          const xND = nd(x, xShape);
          const wND = nd(w, wShape);
          const dyND = nd(dy, yShape);
          const frozenConvSpec = (): Conv2DSpec => frozenSpec(spec);

          const y = ref.conv2d(xND, wND, cc.strides, cc.padding, cc.dilations);
          assert.deepEqual(y.shape, yShape, 'conv2d: reference and spec disagree on the output shape');
          const yScale = ref.conv2d(absND(xND), absND(wND), cc.strides, cc.padding, cc.dilations);
          const out = call('conv2d', [x, w], 'float32', size(yShape), () => be.conv2d(x, w, frozenConvSpec()));
          expectClose(`conv2d ${convName(cc)}`, out, y.data, { scale: yScale.data });

          const dx = refB.conv2dBackwardInput(dyND, wND, [cc.h, cc.w], geometry);
          const dxScale = refB.conv2dBackwardInput(absND(dyND), absND(wND), [cc.h, cc.w], geometry);
          const dxOut = call('conv2dBackwardInput', [dy, w], 'float32', size(xShape), () =>
            be.conv2dBackwardInput(dy, w, frozenConvSpec()));
          expectClose(`conv2dBackwardInput ${convName(cc)}`, dxOut, dx.data, { scale: dxScale.data });

          const dw = refB.conv2dBackwardFilter(xND, dyND, [cc.fh, cc.fw], geometry);
          const dwScale = refB.conv2dBackwardFilter(absND(xND), absND(dyND), [cc.fh, cc.fw], geometry);
          const dwOut = call('conv2dBackwardFilter', [x, dy], 'float32', size(wShape), () =>
            be.conv2dBackwardFilter(x, dy, frozenConvSpec()));
          expectClose(`conv2dBackwardFilter ${convName(cc)}`, dwOut, dw.data, { scale: dwScale.data });
        });
      });

      it('forward with an epilogue: bias per output channel and each activation', () => {
        const cc = CONV_CASES[0]!;
        const { spec, xShape, wShape, yShape } = convSetup(cc);
        const x = uniform(size(xShape), 1950), w = uniform(size(wShape), 1951);
        const bias = uniform(yShape[3]!, 1952);
        const xND = nd(x, xShape), wND = nd(w, wShape);
        const z = ref.zip(ref.conv2d(xND, wND, cc.strides, cc.padding, cc.dilations), nd(bias, [yShape[3]!]), (v, c) => v + c);
        const scale = ref.zip(ref.conv2d(absND(xND), absND(wND), cc.strides, cc.padding, cc.dilations), nd(bias, [yShape[3]!]), (v, c) => v + Math.abs(c));
        for (const activation of ['linear', 'relu', 'sigmoid', 'tanh'] as const) {
          const what = `conv2d ${convName(cc)} + bias, ${activation}`;
          const out = call(what, [x, w, bias], 'float32', size(yShape), () =>
            be.conv2d(x, w, frozenSpec(spec), frozenSpec({ bias, activation })));
          expectClose(what, out, ref.map(z, ACTIVATION_REF[activation]).data, { scale: scale.data });
        }
      });
    });

    describe('pool2d', () => {
      for (const op of ['max', 'avg'] as const satisfies readonly PoolOp[]) {
        POOL_CASES.forEach((pc, i) => {
          it(`${op} forward and backward: ${poolName(pc)}`, () => {
            const { spec, geometry, xShape, yShape } = poolSetup(pc);
            // Distinct values for max, so "the first maximum" is the only maximum.
            const x = op === 'max' ? distinct(size(xShape), 2000 + i) : uniform(size(xShape), 2000 + i);
            const dy = uniform(size(yShape), 2100 + i);
            const xND = nd(x, xShape);
            const dyND = nd(dy, yShape);

            const y = ref.pool(op, xND, pc.size, pc.strides, pc.padding);
            assert.deepEqual(y.shape, yShape, 'pool2d: reference and spec disagree on the output shape');
            const out = call(`pool2d ${op}`, [x], 'float32', size(yShape), () => be.pool2d(op, x, frozenSpec(spec)));
            expectClose(`pool2d ${op} ${poolName(pc)}`, out, y.data);

            const dx = refB.pool2dBackward(op, dyND, xND, geometry);
            const dxScale = refB.pool2dBackward(op, absND(dyND), xND, geometry);
            const dxOut = call(`pool2dBackward ${op}`, [dy, x], 'float32', size(xShape), () =>
              be.pool2dBackward(op, dy, x, frozenSpec(spec)));
            expectClose(`pool2dBackward ${op} ${poolName(pc)}`, dxOut, dx.data, { scale: dxScale.data });
          });
        });
      }

      /** Max-pool backward of `x` (built for the case's input shape) against the float64 reference. */
      const checkMaxBackward = (label: string, pc: PoolCase, makeX: (length: number) => Float32Array, seed: number): void => {
        const { spec, geometry, xShape, yShape } = poolSetup(pc);
        const x = makeX(size(xShape));
        const dy = uniform(size(yShape), seed);
        const dyND = nd(dy, yShape);
        const xND = nd(x, xShape);
        const dx = refB.pool2dBackward('max', dyND, xND, geometry);
        const dxScale = refB.pool2dBackward('max', absND(dyND), xND, geometry);
        const dxOut = call(`pool2dBackward max ${label}`, [dy, x], 'float32', size(xShape), () =>
          be.pool2dBackward('max', dy, x, frozenSpec(spec)));
        expectClose(`pool2dBackward max ${label} ${poolName(pc)}`, dxOut, dx.data, { scale: dxScale.data });
      };

      it('max backward on ties sends each window\'s gradient to its first maximum (row-major)', () => {
        // Constant rows: every window has several equal maxima; padding must never win.
        const pc: PoolCase = { n: 1, h: 5, w: 5, c: 2, size: [3, 3], strides: [1, 2], padding: 1 };
        checkMaxBackward('ties', pc, (length) => Float32Array.from({ length }, (_, i) => Math.floor(i / (pc.w * pc.c)) % 2 === 0 ? -1 : -3), 2200);
      });

      it('max backward with NaN: a NaN first in its window keeps the gradient, a NaN elsewhere never takes it', () => {
        const pc: PoolCase = { n: 1, h: 4, w: 4, c: 3, size: [2, 2], strides: [2, 2], padding: 'valid' };
        checkMaxBackward('NaN', pc, (length) => {
          const x = distinct(length, 2300);
          // Channel 0: NaN in each window's first cell; channel 1: in its last; channel 2: none.
          for (const [y, xx] of [[0, 0], [0, 2], [2, 0], [2, 2]] as const) x[(y * pc.w + xx) * pc.c] = NaN;
          for (const [y, xx] of [[1, 1], [1, 3], [3, 1], [3, 3]] as const) x[(y * pc.w + xx) * pc.c + 1] = NaN;
          return x;
        }, 2301);
      });
    });

    describe('adam', () => {
      it('one step: param, m and v against the formulas in float64', () => {
        const n = 1000;
        const [param, grad, m] = [uniform(n, 2300), uniform(n, 2301), uniform(n, 2302, -0.1, 0.1)];
        const v = uniform(n, 2303, 0, 0.5);
        const spec = frozenSpec({ alpha: 1e-3 * Math.sqrt(1 - 0.999 ** 3) / (1 - 0.9 ** 3), beta1: 0.9, beta2: 0.999, epsilon: 1e-7 });
        const nextM = Array.from(m, (mi, i) => spec.beta1 * mi + (1 - spec.beta1) * grad[i]!);
        const nextV = Array.from(v, (vi, i) => spec.beta2 * vi + (1 - spec.beta2) * grad[i]! ** 2);
        const nextParam = Array.from(param, (p, i) => p - (spec.alpha * nextM[i]!) / (Math.sqrt(nextV[i]!) + spec.epsilon));
        const inputs = [param, grad, m, v];
        const step = () => be.adam(param, grad, m, v, spec);
        expectClose('adam param', call('adam param', inputs, 'float32', n, () => step().param), nextParam);
        expectClose('adam m', call('adam m', inputs, 'float32', n, () => step().m), nextM);
        expectClose('adam v', call('adam v', inputs, 'float32', n, () => step().v), nextV);
      });
    });

    describe('recurrence', () => {
      RECURRENCE_CASES.forEach((rc, k) => {
        it(`forward states and backward gradients against float64: ${recurrenceName(rc)}`, () => {
          const { inputs, spec, dStates } = recurrenceSetup(rc, 2400 + 10 * k);
          const frozenInputs = frozenSpec(inputs);
          const arrays = Object.values(inputs) as Float32Array[];
          const { states: S, reserve: W } = RECURRENT_CELLS[rc.cell];
          const n = rc.batch * rc.steps * rc.units;
          const states = call(`recurrence ${rc.cell} states`, arrays, 'float32', n * S, () => be.recurrence(frozenInputs, frozenSpec(spec)).states);
          call(`recurrence ${rc.cell} reserve`, arrays, 'float32', n * W, () => be.recurrence(frozenInputs, frozenSpec(spec)).reserve);
          expectClose(`recurrence ${recurrenceName(rc)} states`, states, recurrenceStates(inputs, spec));
          const forward = be.recurrence(frozenInputs, frozenSpec(spec));
          const backward = () => be.recurrenceBackward(dStates, frozenInputs, forward, frozenSpec(spec));
          const grads = { xProj: 'dxProj', recurrentKernel: 'dRecurrentKernel', initialState: 'dInitialState', recurrentBias: 'dRecurrentBias' } as const;
          for (const key of RECURRENCE_INPUTS) {
            if (inputs[key] === undefined) continue;
            const what = `recurrenceBackward ${recurrenceName(rc)} ${grads[key]}`;
            const g = call(what, [...arrays, dStates, forward.states, forward.reserve], 'float32', inputs[key]!.length, () => backward()[grads[key]]!);
            if (rc.elementwise) {
              expectClose(what, g, recurrenceGradient(inputs, spec, dStates, key), { atol: 1e-5 });
            } else {
              // Along one random direction v: <g, v> against the directional difference quotient.
              const v = Float64Array.from(uniform(g.length, 2500 + k, -1, 1));
              const along = g.reduce((acc, gi, i) => acc + gi * v[i]!, 0);
              const scale = g.reduce((acc, gi, i) => acc + Math.abs(gi * v[i]!), 0);
              expectClose(what, Float32Array.of(along), recurrenceGradient(inputs, spec, dStates, key, v), { atol: 1e-4, scale: [scale] });
            }
          }
        });
      });
    });
  });
}
