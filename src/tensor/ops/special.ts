import type { Tensor } from '../tensor.js';
import { add, div, maximum, minimum, mul } from './arithmetic.js';
import { asTensor, requireFloat } from './operands.js';

/**
 * Coefficients of the rational approximation erf(x) = x P(x^2) / Q(x^2) on [-4, 4] that Eigen,
 * XLA and TF use for float32 (error about 1e-7; beyond ±4, erf is ±1 in float32). Highest power first.
 */
const P = [-2.72614225801306e-10, 2.77068142495902e-8, -2.10102402082508e-6, -5.69250639462346e-5,
  -7.34990630326855e-4, -2.95459980854025e-3, -1.60960333262415e-2];
const Q = [-1.45660718464996e-5, -2.13374055278905e-4, -1.68282697438203e-3, -7.37332916720468e-3,
  -1.42647390514189e-2];

function horner(coefficients: readonly number[], x: Tensor): Tensor {
  let acc = add(mul(x, coefficients[0]!), coefficients[1]!);
  for (const c of coefficients.slice(2)) acc = add(mul(acc, x), c);
  return acc;
}

/**
 * The error function, composed from recorded elementwise ops, so autograd differentiates it
 * without a kernel or gradient entry of its own: the derivative of the approximation agrees
 * with 2/sqrt(pi) exp(-x^2) to float32 precision.
 */
export function erf(x: Tensor): Tensor {
  const t = requireFloat('erf', asTensor('erf', x));
  const clamped = minimum(maximum(t, -4), 4);
  const x2 = mul(clamped, clamped);
  return div(mul(clamped, horner(P, x2)), horner(Q, x2));
}
