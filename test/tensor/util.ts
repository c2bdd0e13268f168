import assert from 'node:assert/strict';
import * as tl from '../../src/index.js';

/** Small helpers shared by the op tests in this directory (not a test file itself). */

type ErrorClass = abstract new (...args: never[]) => Error;

/** Asserts that `fn` throws an instance of `cls` (not just any error) whose message matches `message`. */
export function assertThrows(fn: () => unknown, cls: ErrorClass, message: RegExp): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof cls, `expected a ${cls.name}, got ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
    assert.match(e.message, message);
    return true;
  });
}

/** Uniform float32 values in [lo, hi), reproducible from `seed`. */
export function u(shape: number[], seed: number, lo = -2, hi = 2): tl.Tensor {
  return tl.randomUniform(shape, lo, hi, 'float32', seed);
}

/** Values with |v| in [0.2, 2) and random signs: away from the kinks of abs, relu, sign. */
export function awayFromZero(shape: number[], seed: number): tl.Tensor {
  const magnitude = u(shape, seed, 0.2, 2).dataSync();
  const signs = tl.randomUniform(shape, 0, 2, 'int32', seed + 1000).dataSync();
  return tl.tensor(magnitude.map((m, i) => (signs[i] === 0 ? -m : m)), shape);
}

/**
 * A random permutation of evenly spaced values 0.05 apart (centred on 0): no two elements are
 * within a finite-difference step of each other, so max and argmax are well defined under
 * perturbation.
 */
export function distinct(shape: number[], seed: number): tl.Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  const values = Array.from({ length: n }, (_, i) => (i - n / 2) * 0.05);
  const rng = new tl.Random(seed);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    [values[i], values[j]] = [values[j]!, values[i]!];
  }
  return tl.tensor(values, shape);
}

/** Asserts shape, dtype and values (exactly, as nested arrays). */
export function assertTensor(t: tl.Tensor, shape: number[], expected: tl.NestedArray, dtype: tl.DType = 'float32'): void {
  assert.deepEqual([...t.shape], shape, 'shape');
  assert.equal(t.dtype, dtype, 'dtype');
  assert.deepEqual(t.toArray(), expected);
}
