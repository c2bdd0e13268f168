import assert from 'node:assert/strict';
import * as tl from '../../src/index.js';
import type { NDArray } from './reference.js';
import { nd } from './reference.js';

/**
 * The op test routine (tinygrad's helper_test_op, against float64 instead of torch): runs a
 * Tensile op and its float64 reference on the same inputs, compares the values, then compares
 * the op's autograd gradients with central finite differences of the reference.
 */
export interface OpCheck {
  /** The Tensile op under test. */
  op: (...xs: tl.Tensor[]) => tl.Tensor;
  /** The same function in float64 (test/helpers/reference.ts). */
  reference: (...xs: NDArray[]) => NDArray;
  inputs: tl.Tensor[];
  /** Inputs whose gradient to check; default: every float32 input. */
  wrt?: number[];
  rtol?: number;
  atol?: number;
  /** Finite-difference step (float64). */
  eps?: number;
}

export function toND(t: tl.Tensor): NDArray {
  return nd(t.dataSync(), [...t.shape]);
}

export function assertClose(actual: ArrayLike<number>, expected: ArrayLike<number>, rtol: number, atol: number, what: string): void {
  assert.equal(actual.length, expected.length, `${what}: length ${actual.length} != ${expected.length}`);
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    const ok = Object.is(a, e) || Math.abs(a - e) <= atol + rtol * Math.abs(e);
    if (!ok) assert.fail(`${what}: element ${i} is ${a}, expected ${e} (rtol ${rtol}, atol ${atol})`);
  }
}

export function checkOp(check: OpCheck): void {
  const { op, reference, inputs, rtol = 1e-4, atol = 1e-5, eps = 1e-6 } = check;
  const refInputs = inputs.map(toND);
  const out = op(...inputs);
  const expected = reference(...refInputs);
  assert.deepEqual([...out.shape], expected.shape, 'output shape');
  assertClose(out.dataSync(), expected.data, rtol, atol, 'forward');

  const wrt = check.wrt ?? inputs.flatMap((t, i) => (t.dtype === 'float32' ? [i] : []));
  if (wrt.length === 0) return;
  // L = sum(r * f(x)) with fixed random r, so every output element's gradient path is exercised.
  const r = tl.randomUniform([...out.shape], -1, 1, 'float32', 12345);
  const analytic = tl.grads((...xs) => op(...xs))(inputs, r);
  for (const k of wrt) {
    const numeric = numericGradient(reference, refInputs, r.dataSync(), k, eps);
    assertClose(analytic[k]!.dataSync(), numeric, Math.max(rtol, 1e-3), Math.max(atol, 1e-4), `gradient of input ${k}`);
  }
}

/** Central finite differences, in float64, of `sum(r * reference(...inputs))` with respect to `inputs[k]`. */
export function numericGradient(
  reference: (...xs: NDArray[]) => NDArray, inputs: NDArray[], r: ArrayLike<number>, k: number, eps: number,
): Float64Array {
  const loss = (xs: NDArray[]): number => {
    const y = reference(...xs);
    let s = 0;
    for (let i = 0; i < y.data.length; i++) s += y.data[i]! * r[i]!;
    return s;
  };
  const numeric = new Float64Array(inputs[k]!.data.length);
  for (let j = 0; j < numeric.length; j++) {
    const plus = inputs.map((x, i) => (i === k ? { data: x.data.slice(), shape: x.shape } : x));
    const minus = inputs.map((x, i) => (i === k ? { data: x.data.slice(), shape: x.shape } : x));
    plus[k]!.data[j]! += eps;
    minus[k]!.data[j]! -= eps;
    numeric[j] = (loss(plus) - loss(minus)) / (2 * eps);
  }
  return numeric;
}
