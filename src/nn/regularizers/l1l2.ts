import { abs, add, mul, square } from '../../tensor/ops/arithmetic.js';
import { scalar } from '../../tensor/ops/creation.js';
import { sum } from '../../tensor/ops/reduction.js';
import type { Tensor } from '../../tensor/tensor.js';
import { NON_NEGATIVE, checkNumber } from '../checks.js';
import type { WeightRegularizer } from '../layers/layer.js';
import type { Serializable } from '../serialization.js';

export interface L1L2Args {
  l1?: number;
  l2?: number;
}

/**
 * The penalty `l1 * sum(|w|) + l2 * sum(w^2)` added to the loss for a weight `w`.
 * l1 and l2 regularizers are this class with one factor zero, and all are written as `L1L2`:
 * the one regularizer class TF.js reads (Keras reads it too).
 */
export class L1L2 implements WeightRegularizer, Serializable {
  readonly className = 'L1L2';
  readonly l1: number;
  readonly l2: number;

  /** Both factors default to 0.01, as in TF.js and Keras' `l1_l2()`. */
  constructor(args: L1L2Args = {}) {
    this.l1 = checkNumber('L1L2', 'l1', args.l1 ?? 0.01, NON_NEGATIVE, 'literal');
    this.l2 = checkNumber('L1L2', 'l2', args.l2 ?? 0.01, NON_NEGATIVE, 'literal');
  }

  apply(weight: Tensor): Tensor {
    // Terms with a zero factor are skipped so they cost nothing and add no gradient work.
    const terms: Tensor[] = [];
    if (this.l1 !== 0) terms.push(mul(sum(abs(weight)), this.l1));
    if (this.l2 !== 0) terms.push(mul(sum(square(weight)), this.l2));
    return terms.reduce((a, b) => add(a, b), scalar(0));
  }

  getConfig(): Record<string, unknown> {
    return { l1: this.l1, l2: this.l2 };
  }
}

/** `l1 * sum(|w|)`, l1 = 0.01 by default. */
export const l1 = (args: { l1?: number } = {}): L1L2 => new L1L2({ l1: args.l1 ?? 0.01, l2: 0 });
/** `l2 * sum(w^2)`, l2 = 0.01 by default. */
export const l2 = (args: { l2?: number } = {}): L1L2 => new L1L2({ l1: 0, l2: args.l2 ?? 0.01 });
export const l1l2 = (args: L1L2Args = {}): L1L2 => new L1L2(args);
