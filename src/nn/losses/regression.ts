import { abs, square, sub } from '../../tensor/ops/arithmetic.js';
import type { Tensor } from '../../tensor/tensor.js';
import { denseTargets } from '../targets.js';
import type { Loss } from './loss.js';
import { defineLoss } from './loss.js';

function meanError(name: string, className: string, penalty: (error: Tensor) => Tensor): Loss {
  return defineLoss(name, className, {}, (yTrue, yPred) => penalty(sub(denseTargets(name, yTrue, yPred), yPred)));
}

/** Mean of (yTrue − yPred)² over each sample's values. */
export const meanSquaredError = (): Loss => meanError('meanSquaredError', 'MeanSquaredError', square);

/** Mean of |yTrue − yPred| over each sample's values. */
export const meanAbsoluteError = (): Loss => meanError('meanAbsoluteError', 'MeanAbsoluteError', abs);
