import { add, div, mul, sqrt, square, sub } from '../../tensor/ops/arithmetic.js';
import type { Tensor } from '../../tensor/tensor.js';
import { FRACTION, POSITIVE, UNIT_INTERVAL, checkBoolean, checkNumber, checkOptions } from '../checks.js';
import type { OptimizerConfig, Update, UpdateStep } from './optimizer.js';
import { Optimizer } from './optimizer.js';

export interface RMSpropConfig extends OptimizerConfig {
  /** Decay of the squared-gradient average (default 0.9). */
  rho?: number;
  /** Momentum μ in [0, 1] (default 0). */
  momentum?: number;
  /** Added under the square root (default 1e-7). */
  epsilon?: number;
  /** Divide by an estimate of the gradient's variance instead of its second moment (default false). */
  centered?: boolean;
}

/**
 * RMSprop (Hinton), as Keras writes it. With slots ms (mean square), mg (mean gradient, when
 * centered) and mom (when μ > 0), all starting at zero:
 *
 *     ms ← ρ·ms + (1 − ρ)·g²
 *     mg ← ρ·mg + (1 − ρ)·g                       (centered)
 *     d  = ms − mg² + ε   (centered),   ms + ε   (otherwise)
 *     Δ  = lr·g / √d
 *     mom ← μ·mom + Δ;  θ ← θ − mom               (μ > 0)
 *     θ ← θ − Δ                                   (μ = 0)
 *
 * Defaults: lr 0.001, ρ 0.9, μ 0, ε 1e-7, centered false. Slots are saved as TF.js names them:
 * rms, momentum, mg.
 */
export class RMSprop extends Optimizer {
  readonly rho: number;
  readonly momentum: number;
  readonly epsilon: number;
  readonly centered: boolean;

  constructor(config?: RMSpropConfig) {
    const options = checkOptions('RMSprop', config);
    super('RMSprop', options, 0.001);
    this.rho = checkNumber('RMSprop', 'rho', options.rho ?? 0.9, FRACTION);
    this.momentum = checkNumber('RMSprop', 'momentum', options.momentum ?? 0, UNIT_INTERVAL);
    this.epsilon = checkNumber('RMSprop', 'epsilon', options.epsilon ?? 1e-7, POSITIVE);
    this.centered = checkBoolean('RMSprop', 'centered', options.centered ?? false);
  }

  protected slotNames(): readonly string[] {
    return ['rms', ...(this.momentum > 0 ? ['momentum'] : []), ...(this.centered ? ['mg'] : [])];
  }

  protected update(param: Tensor, grad: Tensor, slots: readonly Tensor[], { learningRate }: UpdateStep): Update {
    const [ms, ...optional] = slots;
    const mom = this.momentum > 0 ? optional.shift() : undefined;
    const mg = this.centered ? optional.shift() : undefined;
    const average = (slot: Tensor, x: Tensor): Tensor => add(mul(slot, this.rho), mul(x, 1 - this.rho));
    const nextMs = average(ms!, square(grad));
    const nextMg = mg === undefined ? undefined : average(mg, grad);
    const denominator = add(nextMg === undefined ? nextMs : sub(nextMs, square(nextMg)), this.epsilon);
    const delta = div(mul(grad, learningRate), sqrt(denominator));
    const nextMom = mom === undefined ? undefined : add(mul(mom, this.momentum), delta);
    const value = sub(param, nextMom ?? delta);
    return { value, slots: [nextMs, ...(nextMom === undefined ? [] : [nextMom]), ...(nextMg === undefined ? [] : [nextMg])] };
  }

  protected ownConfig(): Record<string, unknown> {
    return { rho: this.rho, momentum: this.momentum, epsilon: this.epsilon, centered: this.centered };
  }
}
