/**
 * Training randomness that belongs to samples rather than to whoever computes them. Inside
 * `withSampleRandomness(key, fn)` (a fit's forward pass), a layer's random draws for row i of the
 * batch come from a generator seeded by (the fit's seed, the step, the row's sample index in the
 * training set, the draw's number in this forward pass, the layer's own seed if it has one). So a
 * sample gets the same dropout mask whichever worker computes it and however the global batch was
 * split: an elastic run draws exactly what a single-process run with the same seed draws.
 * Outside a fit (`layer.apply(x, { training: true })`, `trainOnBatch`) layers draw as before.
 */
import { ShapeError, fmtShape } from '../errors.js';
import { Random } from '../tensor/random.js';
import { Tensor } from '../tensor/tensor.js';

/** What a batch's per-sample randomness is a function of. */
export interface SampleKey {
  seed: number;
  /** The global step (epoch * steps per epoch + batch). */
  step: number;
  /** The sample index (row of the training set) of each row of the batch. */
  rows: Int32Array;
}

let current: { key: SampleKey; draws: number } | undefined;

/** Runs `fn` with `key` as the batch's sample randomness (none: layers draw as outside a fit). */
export function withSampleRandomness<T>(key: SampleKey | undefined, fn: () => T): T {
  const outer = current;
  current = key === undefined ? undefined : { key, draws: 0 };
  try {
    return fn();
  } finally {
    current = outer;
  }
}

/** One 32-bit mix step (murmur3's finaliser over the running hash and the next word). */
function mix(hash: number, word: number): number {
  let h = Math.imul(hash ^ (word >>> 0), 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * Uniform [0, 1) values of `shape` (axis 0: the batch's rows, or its rows times steps), each
 * sample's values from its own generator; undefined outside `withSampleRandomness`. Every call
 * in a forward pass is a new draw.
 */
export function sampleUniform(op: string, shape: readonly number[], layerSeed: number | null = null): Tensor | undefined {
  if (current === undefined) return undefined;
  const { key } = current;
  // A layer inside timeDistributed sees [batch * steps, ...]: each sample's rows stay together.
  const batch = key.rows.length;
  const rows = shape[0] ?? -1;
  if (batch === 0 ? rows !== 0 : !(rows > 0 && rows % batch === 0)) throw new ShapeError(`${op}: expected ${batch} rows (the batch) or a multiple of it, found shape ${fmtShape(shape)}`);
  const draw = current.draws++;
  const perSample = batch === 0 ? 0 : shape.reduce((a, b) => a * b, 1) / batch;
  const values = new Float32Array(batch * perSample);
  const base = mix(mix(mix(key.seed >>> 0, Math.floor(key.seed / 2 ** 32)), key.step), draw);
  const seeded = layerSeed === null ? base : mix(base, layerSeed);
  for (let r = 0; r < batch; r++) {
    const random = new Random(mix(seeded, key.rows[r]!));
    for (let j = 0; j < perSample; j++) values[r * perSample + j] = random.next();
  }
  return new Tensor(values, [...shape]);
}
