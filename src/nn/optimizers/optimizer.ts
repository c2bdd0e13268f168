import { noGrad } from '../../autograd/tape.js';
import { ArgumentError, DTypeError, GradientError, ShapeError, describe, fmtShape } from '../../errors.js';
import { scalar, zeros } from '../../tensor/ops/creation.js';
import { sameShape } from '../../tensor/shape.js';
import { Tensor } from '../../tensor/tensor.js';
import { NON_NEGATIVE, checkNumber } from '../checks.js';
import type { LearningRateSchedule } from '../schedules/schedule.js';
import type { Clipping } from './clipping.js';
import { checkClipping, clipGradients } from './clipping.js';

/** Options every optimizer takes. */
export interface OptimizerConfig extends Clipping {
  /** A number, or a schedule evaluated at each step. */
  learningRate?: number | LearningRateSchedule;
}

/** One entry of an optimizer's saved state. */
export interface NamedTensor {
  name: string;
  tensor: Tensor;
}

/** What an update rule is given besides the parameter, its gradient and its slots. */
export interface UpdateStep {
  learningRate: number;
  /** 1 for the first update (Keras' `local_step`). */
  step: number;
}

/** The next value of a parameter and of its slots. */
export interface Update {
  value: Tensor;
  slots: Tensor[];
}

// TF.js names the iteration count this in an optimizer's saved weights.
const ITERATIONS_NAME = 'iter';

function isSchedule(value: unknown): value is LearningRateSchedule {
  const v = value as Partial<LearningRateSchedule> | null;
  return typeof v === 'object' && v !== null && typeof v.valueAt === 'function' && typeof v.getConfig === 'function';
}

/**
 * The base of every optimizer: learning rate (number or schedule), gradient clipping, the
 * iteration count, and per-parameter state ("slots", e.g. Adam's m and v) kept in the order the
 * parameters were first updated. A subclass supplies only its update rule. Updates run under
 * noGrad and swap each parameter's value with `assign`, so graphs built earlier stay valid.
 */
export abstract class Optimizer {
  /** The class name used in configs ('Adam', 'SGD', ...). */
  readonly className: string;
  private rate: number | LearningRateSchedule;
  private readonly clipping: Clipping;
  private iterationCount = 0;
  /** Index of each parameter seen, in first-seen order. */
  private readonly indices = new Map<Tensor, number>();
  /** Slots by parameter index, in `slotNames()` order; entries may come from `setWeights` before their parameter is seen. */
  private slots: Tensor[][] = [];

  protected constructor(className: string, config: OptimizerConfig, defaultLearningRate: number) {
    this.className = className;
    this.rate = this.checkLearningRate(config.learningRate ?? defaultLearningRate);
    this.clipping = checkClipping(className, config);
  }

  /** Names of the per-parameter state tensors, e.g. ['m', 'v']. */
  protected abstract slotNames(): readonly string[];

  /** The update rule: the parameter's next value and slots, from its gradient. Runs under noGrad. */
  protected abstract update(param: Tensor, grad: Tensor, slots: readonly Tensor[], at: UpdateStep): Update;

  /** This optimizer's own hyperparameters, for `getConfig`. */
  protected abstract ownConfig(): Record<string, unknown>;

  get learningRate(): number | LearningRateSchedule {
    return this.rate;
  }

  /** Settable, e.g. by a callback that lowers the rate when the loss stops improving. */
  set learningRate(value: number | LearningRateSchedule) {
    this.rate = this.checkLearningRate(value);
  }

  /** The learning rate the next update will use. */
  get currentLearningRate(): number {
    if (typeof this.rate === 'number') return this.rate;
    const value = this.rate.valueAt(this.iterationCount);
    return checkNumber(this.className, `the learning-rate schedule's value at step ${this.iterationCount}`, value, NON_NEGATIVE);
  }

  /** Number of updates applied so far. */
  get iterations(): number {
    return this.iterationCount;
  }

  /** Applies each parameter's `.grad` (parameters without one are skipped) and clears it. */
  step(params: readonly Tensor[]): void {
    if (!Array.isArray(params)) throw new ArgumentError(`${this.className}.step: expected an array of parameters, found ${describe(params)}`);
    const pairs = params.flatMap((p, i) => {
      if (!(p instanceof Tensor)) throw new ArgumentError(`${this.className}.step: params[${i}] is ${describe(p)}, not a Tensor`);
      return p.grad === null ? [] : [[p, p.grad] as const];
    });
    this.applyGradients(pairs);
    for (const p of params) p.grad = null;
  }

  /** Applies explicit gradients: one update step (counted only if there is at least one pair). */
  applyGradients(pairs: readonly (readonly [param: Tensor, grad: Tensor])[]): void {
    if (!Array.isArray(pairs)) throw new ArgumentError(`${this.className}.applyGradients: expected an array of [param, grad] pairs, found ${describe(pairs)}`);
    pairs.forEach((pair, i) => this.checkPair(pair, i));
    if (new Set(pairs.map(([p]) => p)).size !== pairs.length) {
      throw new ArgumentError(`${this.className}.applyGradients: a parameter appears more than once; sum its gradients first`);
    }
    if (pairs.length === 0) return;
    const indices = pairs.map(([param]) => this.indexOf(param));
    // Compute every update before assigning any, so a failure leaves no half-applied step.
    const updates = noGrad(() => {
      const grads = clipGradients(this.clipping, pairs.map(([, g]) => g));
      const at: UpdateStep = { learningRate: this.currentLearningRate, step: this.iterationCount + 1 };
      return pairs.map(([param], i) => this.update(param, grads[i]!, this.slots[indices[i]!]!, at));
    });
    updates.forEach(({ value, slots }, i) => {
      pairs[i]![0].assign(value);
      this.slots[indices[i]!] = slots;
    });
    this.iterationCount++;
  }

  /**
   * The state to save, as TF.js lays it out: the iteration count ('iter', int32 scalar), then
   * each slot for every parameter (all of the first slot, then all of the next), named
   * `<param>/<slot>` where `<param>` is `names[i]` or, without names, the parameter's index.
   */
  getWeights(names?: readonly string[]): NamedTensor[] {
    if (names !== undefined && (!Array.isArray(names) || names.length !== this.slots.length)) {
      throw new ArgumentError(`${this.className}.getWeights: expected ${this.slots.length} parameter names, found ${describe(names)}`);
    }
    const label = (i: number): string => names?.[i] ?? String(i);
    const slotWeights = this.slotNames().flatMap((slot, k) => this.slots.map((s, i) => ({ name: `${label(i)}/${slot}`, tensor: s[k]! })));
    return [{ name: ITERATIONS_NAME, tensor: scalar(this.iterationCount, 'int32') }, ...slotWeights];
  }

  /**
   * Restores state saved by `getWeights` (or by TF.js). Slots belong to parameters by position:
   * the i-th set goes to the i-th parameter this optimizer has seen or will see.
   */
  setWeights(weights: readonly NamedTensor[]): void {
    const where = `${this.className}.setWeights`;
    if (!Array.isArray(weights) || weights.length === 0) throw new ArgumentError(`${where}: expected an array starting with '${ITERATIONS_NAME}', found ${describe(weights)}`);
    const [iterations, ...rest] = weights as NamedTensor[];
    if (iterations!.name !== ITERATIONS_NAME || !(iterations!.tensor instanceof Tensor) || iterations!.tensor.size !== 1) {
      throw new ArgumentError(`${where}: the first weight must be the scalar '${ITERATIONS_NAME}', found ${JSON.stringify(iterations!.name)}`);
    }
    const count = checkNumber(where, ITERATIONS_NAME, iterations!.tensor.item(), { min: 0, integer: true });
    const names = this.slotNames();
    const shapeOk = names.length === 0 ? rest.length === 0 : rest.length % names.length === 0;
    if (!shapeOk) {
      throw new ArgumentError(`${where}: expected '${ITERATIONS_NAME}' and then ${names.length} slots (${names.join(', ')}) per parameter, found ${rest.length} more weights`);
    }
    // An optimizer without slots keeps one empty set per parameter it has seen.
    const n = names.length === 0 ? this.slots.length : rest.length / names.length;
    if (n < this.indices.size) {
      throw new ArgumentError(`${where}: the state covers ${n} parameters but this optimizer already updates ${this.indices.size}`);
    }
    const slots = Array.from({ length: n }, (_, i) => names.map((slot, k) => {
      const { name, tensor } = rest[k * n + i]!;
      if (typeof name !== 'string' || !name.endsWith(`/${slot}`) || !(tensor instanceof Tensor) || tensor.dtype !== 'float32') {
        throw new ArgumentError(`${where}: weight ${1 + k * n + i} should be the float32 slot '<param>/${slot}', found ${JSON.stringify(name)}`);
      }
      return tensor;
    }));
    slots.forEach((s, i) => this.checkSlots(s, i));
    for (const [param, i] of this.indices) this.checkSlots(slots[i]!, i, param.shape);
    this.slots = slots;
    this.iterationCount = count;
  }

  /** The constructor options that rebuild this optimizer; a schedule is given as its own config. */
  getConfig(): Record<string, unknown> {
    const learningRate = typeof this.rate === 'number' ? this.rate : this.rate.getConfig();
    return { learningRate, ...this.ownConfig(), ...this.clipping };
  }

  private checkLearningRate(value: unknown): number | LearningRateSchedule {
    return isSchedule(value) ? value : checkNumber(this.className, 'learningRate', value, NON_NEGATIVE);
  }

  private checkPair(pair: unknown, i: number): void {
    const where = `${this.className}.applyGradients`;
    if (!Array.isArray(pair) || pair.length !== 2 || !(pair[0] instanceof Tensor) || !(pair[1] instanceof Tensor)) {
      throw new ArgumentError(`${where}: pairs[${i}] must be [param, grad] Tensors, found ${describe(pair)}`);
    }
    const [param, grad] = pair as [Tensor, Tensor];
    if (param.tapeEntry !== null) throw new GradientError(`${where}: pairs[${i}]: the parameter was computed by an op; only leaf tensors can be updated`);
    if (param.dtype !== 'float32' || grad.dtype !== 'float32') {
      throw new DTypeError(`${where}: pairs[${i}]: parameter and gradient must be float32, found ${param.dtype} and ${grad.dtype}`);
    }
    if (!sameShape(param.shape, grad.shape)) {
      throw new ShapeError(`${where}: pairs[${i}]: gradient shape ${fmtShape(grad.shape)} differs from parameter shape ${fmtShape(param.shape)}`);
    }
  }

  /** The parameter's index, giving a new parameter restored slots or zeros. */
  private indexOf(param: Tensor): number {
    const known = this.indices.get(param);
    if (known !== undefined) return known;
    const index = this.indices.size;
    const restored = this.slots[index];
    if (restored === undefined) this.slots[index] = this.slotNames().map(() => zeros(param.shape));
    else this.checkSlots(restored, index, param.shape);
    this.indices.set(param, index);
    return index;
  }

  /** Every slot of parameter `index` must have `shape` (by default, the first slot's). */
  private checkSlots(slots: readonly Tensor[], index: number, shape: readonly number[] = slots[0]?.shape ?? []): void {
    slots.forEach((s, k) => {
      if (!sameShape(s.shape, shape)) {
        throw new ShapeError(`${this.className}: slot '${this.slotNames()[k]}' of parameter ${index} has shape ${fmtShape(s.shape)}, expected ${fmtShape(shape)}`);
      }
    });
  }
}
