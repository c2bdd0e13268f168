import type { Backend, MatMulSpec } from '../backend.js';
import { jsBackend } from '../js/index.js';
import type { NativeAddon } from './addon.js';
import { ACTIVATION } from './codes.js';

export function nativeMatmul(addon: NativeAddon): Backend['matmul'] {
  return (a: Float32Array, b: Float32Array, spec: MatMulSpec): Float32Array => {
    const { batch, m, n, k } = spec;
    // oneDNN rejects empty dimensions; the js kernel handles them (k = 0 gives bias + activation of zeros).
    if (batch === 0 || m === 0 || n === 0 || k === 0) return jsBackend.matmul(a, b, spec);
    const out = new Float32Array(batch * m * n);
    addon.matmul(
      a, b, spec.bias, out, batch, m, n, k, spec.transposeA, spec.transposeB,
      spec.aBatchStride, spec.bBatchStride, ACTIVATION[spec.activation ?? 'linear'],
    );
    return out;
  };
}
