import type { AdamResult, AdamSpec, Backend } from '../backend.js';
import type { NativeAddon } from './addon.js';
import { output } from './output.js';

export function nativeAdam(addon: NativeAddon): Backend['adam'] {
  return (param: Float32Array, grad: Float32Array, m: Float32Array, v: Float32Array, s: AdamSpec): AdamResult => {
    const n = param.length;
    const out = { param: output(n), m: output(n), v: output(n) };
    addon.adam(param, grad, m, v, out.param, out.m, out.v, s.alpha, s.beta1, s.beta2, s.epsilon);
    return out;
  };
}
