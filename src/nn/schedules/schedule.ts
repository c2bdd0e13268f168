import { NON_NEGATIVE, checkNumber } from '../checks.js';
import type { Serialized } from '../serialization.js';

/**
 * A learning rate that depends on the optimizer step (the number of updates already applied, 0
 * for the first). Optimizers accept one wherever they accept a number.
 */
export interface LearningRateSchedule {
  valueAt(step: number): number;
  getConfig(): Serialized;
}

/** A schedule from its rate function; `config` is what rebuilds it (kept as a copy). */
export function defineSchedule(owner: string, className: string, config: Record<string, unknown>, rate: (step: number) => number): LearningRateSchedule {
  const saved = structuredClone(config);
  return {
    valueAt: (step) => rate(checkNumber(owner, 'step', step, NON_NEGATIVE)),
    getConfig: () => ({ className, config: structuredClone(saved) }),
  };
}
