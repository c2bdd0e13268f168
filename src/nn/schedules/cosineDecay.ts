import { ArgumentError } from '../../errors.js';
import { NON_NEGATIVE, POSITIVE, UNIT_INTERVAL, checkNumber, checkOptions } from '../checks.js';
import type { LearningRateSchedule } from './schedule.js';
import { defineSchedule } from './schedule.js';

export interface CosineDecayConfig {
  initialLearningRate: number;
  /** Steps of the cosine part, counted after the warmup. */
  decaySteps: number;
  /** The final rate as a fraction of the rate decayed from (default 0). */
  alpha?: number;
  /** The rate reached at the end of the warmup; without it there is no warmup. */
  warmupTarget?: number;
  /** Steps of linear warmup from initialLearningRate to warmupTarget (default 0). */
  warmupSteps?: number;
}

/**
 * Keras 3's CosineDecay with optional linear warmup. With W = warmupSteps, D = decaySteps,
 * top = warmupTarget (or initialLearningRate when there is no warmup) and s = min(step, W + D):
 *
 *     s < W:   lr = initialLearningRate + (top − initialLearningRate) · s / W
 *     s >= W:  lr = top · ((1 − alpha) · ½ (1 + cos(π (s − W) / D)) + alpha)
 */
export function cosineDecay(config: CosineDecayConfig): LearningRateSchedule {
  const owner = 'cosineDecay';
  const options = checkOptions(owner, config);
  const initialLearningRate = checkNumber(owner, 'initialLearningRate', options.initialLearningRate, NON_NEGATIVE);
  const decaySteps = checkNumber(owner, 'decaySteps', options.decaySteps, POSITIVE);
  const alpha = checkNumber(owner, 'alpha', options.alpha ?? 0, UNIT_INTERVAL);
  const warmupTarget = options.warmupTarget === undefined ? undefined : checkNumber(owner, 'warmupTarget', options.warmupTarget, NON_NEGATIVE);
  const warmupSteps = checkNumber(owner, 'warmupSteps', options.warmupSteps ?? 0, NON_NEGATIVE);
  if (warmupTarget === undefined && warmupSteps > 0) {
    throw new ArgumentError(`${owner}: warmupSteps ${warmupSteps} needs a warmupTarget (the rate to warm up to)`);
  }
  const top = warmupTarget ?? initialLearningRate;
  const saved = { initialLearningRate, decaySteps, alpha, ...(warmupTarget === undefined ? {} : { warmupTarget, warmupSteps }) };
  return defineSchedule(owner, 'CosineDecay', saved, (step) => {
    const s = Math.min(step, warmupSteps + decaySteps);
    if (s < warmupSteps) return initialLearningRate + ((top - initialLearningRate) * s) / warmupSteps;
    const cosine = 0.5 * (1 + Math.cos((Math.PI * (s - warmupSteps)) / decaySteps));
    return top * ((1 - alpha) * cosine + alpha);
  });
}
