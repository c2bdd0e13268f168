import { add, mul, sub } from '../../tensor/ops/arithmetic.js';
import type { Tensor } from '../../tensor/tensor.js';
import { UNIT_INTERVAL, checkBoolean, checkNumber, checkOptions } from '../checks.js';
import type { OptimizerConfig, Update, UpdateStep } from './optimizer.js';
import { Optimizer } from './optimizer.js';

export interface SGDConfig extends OptimizerConfig {
  /** Momentum μ in [0, 1] (default 0: plain gradient descent). */
  momentum?: number;
  /** Nesterov momentum (default false). */
  nesterov?: boolean;
}

/**
 * Stochastic gradient descent, as Keras writes it. Without momentum:
 *
 *     θ ← θ − lr·g
 *
 * With momentum μ > 0 and a velocity slot v starting at zero:
 *
 *     v ← μ·v − lr·g
 *     θ ← θ + v                (classical)
 *     θ ← θ + μ·v − lr·g       (nesterov)
 *
 * Defaults: lr 0.01, μ 0, nesterov false. With the whole data set as the batch this is plain
 * gradient descent.
 */
export class SGD extends Optimizer {
  readonly momentum: number;
  readonly nesterov: boolean;

  constructor(config?: SGDConfig) {
    const options = checkOptions('SGD', config);
    super('SGD', options, 0.01);
    this.momentum = checkNumber('SGD', 'momentum', options.momentum ?? 0, UNIT_INTERVAL);
    this.nesterov = checkBoolean('SGD', 'nesterov', options.nesterov ?? false);
  }

  protected slotNames(): readonly string[] {
    return this.momentum > 0 ? ['momentum'] : [];
  }

  protected update(param: Tensor, grad: Tensor, slots: readonly Tensor[], { learningRate }: UpdateStep): Update {
    const step = mul(grad, learningRate);
    if (this.momentum === 0) return { value: sub(param, step), slots: [] };
    const velocity = sub(mul(slots[0]!, this.momentum), step);
    const value = this.nesterov ? sub(add(param, mul(velocity, this.momentum)), step) : add(param, velocity);
    return { value, slots: [velocity] };
  }

  protected ownConfig(): Record<string, unknown> {
    return { momentum: this.momentum, nesterov: this.nesterov };
  }
}
