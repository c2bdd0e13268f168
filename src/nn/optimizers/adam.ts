import { adamStep } from '../../tensor/ops/optimizer.js';
import type { Tensor } from '../../tensor/tensor.js';
import { FRACTION, POSITIVE, checkNumber, checkOptions } from '../checks.js';
import type { OptimizerConfig, Update, UpdateStep } from './optimizer.js';
import { Optimizer } from './optimizer.js';

/** Adam's own hyperparameters (also AdamW's). */
export interface AdamHyperparameters {
  /** Decay of the first-moment average (default 0.9). */
  beta1: number;
  /** Decay of the second-moment average (default 0.999). */
  beta2: number;
  /** Added to the root of the second moment (default 1e-7, as in Keras). */
  epsilon: number;
}

export interface AdamConfig extends OptimizerConfig, Partial<AdamHyperparameters> {}

export function checkAdamHyperparameters(owner: string, options: Partial<AdamHyperparameters>): AdamHyperparameters {
  return {
    beta1: checkNumber(owner, 'beta1', options.beta1 ?? 0.9, FRACTION),
    beta2: checkNumber(owner, 'beta2', options.beta2 ?? 0.999, FRACTION),
    epsilon: checkNumber(owner, 'epsilon', options.epsilon ?? 1e-7, POSITIVE),
  };
}

/** One Adam update of `param` (the formulas are on `Adam`). */
export function adamUpdate(param: Tensor, grad: Tensor, [m, v]: readonly Tensor[], at: UpdateStep, h: AdamHyperparameters): Update {
  const alpha = (at.learningRate * Math.sqrt(1 - h.beta2 ** at.step)) / (1 - h.beta1 ** at.step);
  const next = adamStep(param, grad, m!, v!, { alpha, beta1: h.beta1, beta2: h.beta2, epsilon: h.epsilon });
  return { value: next.value, slots: [next.m, next.v] };
}

/**
 * Adam (Kingma & Ba), in Keras' formulation: bias correction is folded into the step size and
 * epsilon is added outside the square root. At step t = 1, 2, ... with gradient g:
 *
 *     m ← β1·m + (1 − β1)·g
 *     v ← β2·v + (1 − β2)·g²
 *     α = lr · √(1 − β2^t) / (1 − β1^t)
 *     θ ← θ − α·m / (√v + ε)
 *
 * Slots `m` and `v` start at zero. Defaults: lr 0.001, β1 0.9, β2 0.999, ε 1e-7.
 */
export class Adam extends Optimizer {
  readonly hyperparameters: AdamHyperparameters;

  constructor(config?: AdamConfig) {
    const options = checkOptions('Adam', config);
    super('Adam', options, 0.001);
    this.hyperparameters = checkAdamHyperparameters('Adam', options);
  }

  protected slotNames(): readonly string[] {
    return ['m', 'v'];
  }

  protected update(param: Tensor, grad: Tensor, slots: readonly Tensor[], at: UpdateStep): Update {
    return adamUpdate(param, grad, slots, at, this.hyperparameters);
  }

  protected ownConfig(): Record<string, unknown> {
    return { ...this.hyperparameters };
  }
}
