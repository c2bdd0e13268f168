import { ArgumentError } from '../../errors.js';
import { maximum, minimum, mul, square } from '../../tensor/ops/arithmetic.js';
import { sum } from '../../tensor/ops/reduction.js';
import type { Tensor } from '../../tensor/tensor.js';
import { POSITIVE, checkNumber } from '../checks.js';

/** Gradient clipping as Keras configures it; at most one of the three is set. */
export interface Clipping {
  /** Rescale each gradient whose L2 norm exceeds this to this norm. */
  clipNorm?: number;
  /** Clip each gradient element to [-clipValue, clipValue]. */
  clipValue?: number;
  /** Rescale all gradients together when their joint L2 norm exceeds this. */
  globalClipNorm?: number;
}

const KEYS = ['clipNorm', 'clipValue', 'globalClipNorm'] as const;

export function checkClipping(owner: string, options: Clipping): Clipping {
  const set = KEYS.filter((k) => options[k] !== undefined);
  if (set.length > 1) throw new ArgumentError(`${owner}: set at most one of clipNorm, clipValue, globalClipNorm, found ${set.join(' and ')}`);
  const clipping: Clipping = {};
  for (const k of set) clipping[k] = checkNumber(owner, k, options[k], POSITIVE);
  return clipping;
}

const squaredNorm = (g: Tensor): number => sum(square(g)).item();

/** Scales `g` by `limit / norm` when `norm > limit` (Keras' clip_by_norm), else returns it unchanged. */
function rescale(g: Tensor, norm: number, limit: number): Tensor {
  return norm > limit ? mul(g, limit / norm) : g;
}

/** The gradients after clipping; call under noGrad. */
export function clipGradients(clipping: Clipping, grads: readonly Tensor[]): Tensor[] {
  const { clipNorm, clipValue, globalClipNorm } = clipping;
  if (clipValue !== undefined) return grads.map((g) => minimum(maximum(g, -clipValue), clipValue));
  if (clipNorm !== undefined) return grads.map((g) => rescale(g, Math.sqrt(squaredNorm(g)), clipNorm));
  if (globalClipNorm !== undefined) {
    const norm = Math.sqrt(grads.reduce((s, g) => s + squaredNorm(g), 0));
    return grads.map((g) => rescale(g, norm, globalClipNorm));
  }
  return grads.slice();
}
