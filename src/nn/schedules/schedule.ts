import type { Serialized } from '../config.js';
import { checkNumber } from '../checks.js';

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
    valueAt: (step) => rate(checkNumber(owner, 'step', step, { min: 0 })),
    getConfig: () => ({ className, config: structuredClone(saved) }),
  };
}
