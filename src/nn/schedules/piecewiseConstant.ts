import { ArgumentError } from '../../errors.js';
import { NON_NEGATIVE, checkNumber, checkOptions } from '../checks.js';
import type { LearningRateSchedule } from './schedule.js';
import { defineSchedule } from './schedule.js';

export interface PiecewiseConstantConfig {
  /** Increasing steps where the rate changes. */
  boundaries: number[];
  /** One more value than boundaries. */
  values: number[];
}

/**
 * Keras' PiecewiseConstantDecay: `values[0]` while `step <= boundaries[0]`, `values[i]` while
 * `boundaries[i-1] < step <= boundaries[i]`, and the last value after the last boundary.
 */
export function piecewiseConstant(config: PiecewiseConstantConfig): LearningRateSchedule {
  const owner = 'piecewiseConstant';
  const options = checkOptions(owner, config);
  if (!Array.isArray(options.boundaries) || !Array.isArray(options.values) || options.values.length !== options.boundaries.length + 1) {
    throw new ArgumentError(`${owner}: expected arrays boundaries (n numbers) and values (n + 1 numbers), found ${JSON.stringify(options)}`);
  }
  const boundaries = options.boundaries.slice();
  const values = options.values.slice();
  boundaries.forEach((b, i) => checkNumber(owner, `boundaries[${i}]`, b, i === 0 ? NON_NEGATIVE : { min: boundaries[i - 1]!, minOpen: true }));
  values.forEach((v, i) => checkNumber(owner, `values[${i}]`, v, NON_NEGATIVE));
  return defineSchedule(owner, 'PiecewiseConstantDecay', { boundaries, values }, (step) => {
    const index = boundaries.findIndex((b) => step <= b);
    return values[index === -1 ? boundaries.length : index]!;
  });
}
