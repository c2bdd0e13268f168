import { mul, sub } from '../../tensor/ops/arithmetic.js';
import type { Tensor } from '../../tensor/tensor.js';
import { NON_NEGATIVE, checkNumber, checkOptions } from '../checks.js';
import type { AdamConfig, AdamHyperparameters } from './adam.js';
import { adamUpdate, checkAdamHyperparameters } from './adam.js';
import type { Update, UpdateStep } from './optimizer.js';
import { Optimizer } from './optimizer.js';

export interface AdamWConfig extends AdamConfig {
  /** Decoupled weight decay λ (default 0.004, as in Keras). */
  weightDecay?: number;
}

/**
 * AdamW (Loshchilov & Hutter): Adam with weight decay decoupled from the gradient. As Keras
 * applies it, each step first shrinks the parameter, then takes the Adam step (see `Adam`) with
 * the gradient computed at the old parameter:
 *
 *     θ ← θ − lr·λ·θ
 *     θ ← θ − α·m / (√v + ε)      (m, v, α as in Adam)
 *
 * Defaults: as Adam, and λ 0.004. Every parameter is decayed (biases included).
 */
export class AdamW extends Optimizer {
  readonly hyperparameters: AdamHyperparameters;
  readonly weightDecay: number;

  constructor(config?: AdamWConfig) {
    const options = checkOptions('AdamW', config);
    super('AdamW', options, 0.001);
    this.hyperparameters = checkAdamHyperparameters('AdamW', options);
    this.weightDecay = checkNumber('AdamW', 'weightDecay', options.weightDecay ?? 0.004, NON_NEGATIVE);
  }

  protected slotNames(): readonly string[] {
    return ['m', 'v'];
  }

  protected update(param: Tensor, grad: Tensor, slots: readonly Tensor[], at: UpdateStep): Update {
    const decayed = sub(param, mul(param, at.learningRate * this.weightDecay));
    return adamUpdate(decayed, grad, slots, at, this.hyperparameters);
  }

  protected ownConfig(): Record<string, unknown> {
    return { ...this.hyperparameters, weightDecay: this.weightDecay };
  }
}
