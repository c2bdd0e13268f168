import { ShapeError, fmtShape } from '../../errors.js';
import { cast } from '../../tensor/ops/cast.js';
import { sameShape } from '../../tensor/shape.js';
import type { Tensor } from '../../tensor/tensor.js';
import type { CrossentropyOptions } from './crossentropy.js';
import { checkCrossentropyOptions, crossentropy } from './crossentropy.js';
import type { Loss } from './loss.js';
import { defineLoss } from './loss.js';

/** Checks yPred is `[batch, ..., classes]`. */
export function requireClassAxis(owner: string, yPred: Tensor): void {
  if (yPred.rank < 2) throw new ShapeError(`${owner}: expected yPred of shape [batch, classes], found ${fmtShape(yPred.shape)}`);
}

/** −Σ yTrue · log p over the classes, yTrue one-hot (or any distribution) of yPred's shape. */
export function categoricalCrossentropy(options?: CrossentropyOptions): Loss {
  const name = 'categoricalCrossentropy';
  const config = checkCrossentropyOptions(name, options);
  return defineLoss(name, 'CategoricalCrossentropy', config, (yTrue, yPred) => {
    requireClassAxis(name, yPred);
    if (!sameShape(yTrue.shape, yPred.shape)) {
      throw new ShapeError(
        `${name}: yTrue ${fmtShape(yTrue.shape)} and yPred ${fmtShape(yPred.shape)} must have the same shape ` +
          '(for integer class labels use sparseCategoricalCrossentropy)',
      );
    }
    return crossentropy(cast(yTrue, 'float32'), yPred, config.fromLogits);
  });
}
