import { NON_NEGATIVE, POSITIVE, checkBoolean, checkNumber, checkOptions } from '../checks.js';
import type { LearningRateSchedule } from './schedule.js';
import { defineSchedule } from './schedule.js';

export interface ExponentialDecayConfig {
  initialLearningRate: number;
  decaySteps: number;
  decayRate: number;
  /** Decay in whole periods of `decaySteps` (a staircase) instead of continuously. Default false. */
  staircase?: boolean;
}

/**
 * Keras' ExponentialDecay: `lr(step) = initialLearningRate · decayRate^(step / decaySteps)`, with
 * the exponent floored when `staircase`.
 */
export function exponentialDecay(config: ExponentialDecayConfig): LearningRateSchedule {
  return exponential('exponentialDecay', config);
}

/**
 * Step decay (PyTorch's StepLR): the rate is multiplied by `decayRate` after every `decaySteps`
 * steps. It is exponentialDecay with `staircase: true`, and saves itself as such.
 */
export function stepDecay(config: Omit<ExponentialDecayConfig, 'staircase'>): LearningRateSchedule {
  return exponential('stepDecay', { ...checkOptions('stepDecay', config), staircase: true });
}

function exponential(owner: string, config: Partial<ExponentialDecayConfig>): LearningRateSchedule {
  const options = checkOptions(owner, config);
  const initialLearningRate = checkNumber(owner, 'initialLearningRate', options.initialLearningRate, NON_NEGATIVE);
  const decaySteps = checkNumber(owner, 'decaySteps', options.decaySteps, POSITIVE);
  const decayRate = checkNumber(owner, 'decayRate', options.decayRate, POSITIVE);
  const staircase = checkBoolean(owner, 'staircase', options.staircase ?? false);
  return defineSchedule(owner, 'ExponentialDecay', { initialLearningRate, decaySteps, decayRate, staircase }, (step) => {
    const periods = step / decaySteps;
    return initialLearningRate * decayRate ** (staircase ? Math.floor(periods) : periods);
  });
}
