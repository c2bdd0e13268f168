import type { AdamResult, AdamSpec } from '../backend.js';

export function adam(param: Float32Array, grad: Float32Array, m: Float32Array, v: Float32Array, s: AdamSpec): AdamResult {
  const n = param.length;
  const out = { param: new Float32Array(n), m: new Float32Array(n), v: new Float32Array(n) };
  for (let i = 0; i < n; i++) {
    const g = grad[i]!;
    const mi = s.beta1 * m[i]! + (1 - s.beta1) * g;
    const vi = s.beta2 * v[i]! + (1 - s.beta2) * g * g;
    out.m[i] = mi;
    out.v[i] = vi;
    out.param[i] = param[i]! - (s.alpha * mi) / (Math.sqrt(vi) + s.epsilon);
  }
  return out;
}
