import { div, log, maximum, minimum, mul, neg } from '../../tensor/ops/arithmetic.js';
import { logSoftmax, softmaxLogits } from '../../tensor/ops/activation.js';
import { sum } from '../../tensor/ops/reduction.js';
import type { Tensor } from '../../tensor/tensor.js';
import { checkBoolean, checkOptions } from '../checks.js';

/** Keras' epsilon: probabilities are clipped to [EPSILON, 1 − EPSILON] before their log. */
export const EPSILON = 1e-7;

export interface CrossentropyOptions {
  /** yPred holds logits (default false: probabilities). Logits are the numerically safer choice. */
  fromLogits?: boolean;
}

export function checkCrossentropyOptions(owner: string, options: CrossentropyOptions | undefined): { fromLogits: boolean } {
  return { fromLogits: checkBoolean(owner, 'fromLogits', checkOptions(owner, options).fromLogits ?? false) };
}

/**
 * −Σ target · log p over the last axis. From logits, log p is logSoftmax (stable for any
 * magnitude), and so it is for probabilities that softmax made from logits (a model's softmax
 * output layer), as in Keras. Other probabilities are normalised to sum 1 and clipped to
 * [ε, 1 − ε] as Keras does, so a confident wrong prediction costs −log ε ≈ 16.1 rather than infinity.
 */
export function crossentropy(target: Tensor, yPred: Tensor, fromLogits: boolean): Tensor {
  const logits = fromLogits ? yPred : softmaxLogits(yPred);
  const logP = logits !== undefined
    ? logSoftmax(logits, -1)
    : log(minimum(maximum(div(yPred, sum(yPred, -1, true)), EPSILON), 1 - EPSILON));
  return neg(sum(mul(target, logP), -1));
}
