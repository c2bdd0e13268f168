import { sub } from '../../tensor/ops/arithmetic.js';
import { zerosLike } from '../../tensor/ops/creation.js';
import { stack } from '../../tensor/ops/layout.js';
import { denseTargets } from '../targets.js';
import type { CrossentropyOptions } from './crossentropy.js';
import { checkCrossentropyOptions, crossentropy } from './crossentropy.js';
import type { Loss } from './loss.js';
import { defineLoss } from './loss.js';

/**
 * −(y·log p + (1 − y)·log(1 − p)) per output, averaged over each sample's outputs; labels y in
 * [0, 1]. It is the two-class crossentropy of [1 − y, y] against [1 − p, p], or against logits
 * [0, x] when fromLogits: logSoftmax([0, x]) = [log(1 − σ(x)), log σ(x)] is stable for any x
 * and its gradient, σ(x) − y, is exact everywhere (including x = 0).
 */
export function binaryCrossentropy(options?: CrossentropyOptions): Loss {
  const name = 'binaryCrossentropy';
  const config = checkCrossentropyOptions(name, options);
  return defineLoss(name, 'BinaryCrossentropy', config, (yTrue, yPred) => {
    const y = denseTargets(name, yTrue, yPred);
    const pair = config.fromLogits ? stack([zerosLike(yPred), yPred], -1) : stack([sub(1, yPred), yPred], -1);
    return crossentropy(stack([sub(1, y), y], -1), pair, config.fromLogits);
  });
}
