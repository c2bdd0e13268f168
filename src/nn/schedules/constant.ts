import { NON_NEGATIVE, checkNumber, checkOptions } from '../checks.js';
import type { LearningRateSchedule } from './schedule.js';
import { defineSchedule } from './schedule.js';

export interface ConstantConfig {
  learningRate: number;
}

/** The same rate at every step (what a plain number does, as a schedule object). */
export function constant(config: ConstantConfig): LearningRateSchedule {
  const owner = 'constant';
  const learningRate = checkNumber(owner, 'learningRate', checkOptions(owner, config).learningRate, NON_NEGATIVE);
  return defineSchedule(owner, 'Constant', { learningRate }, () => learningRate);
}
