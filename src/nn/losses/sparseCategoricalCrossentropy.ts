import { oneHot, reshape } from '../../tensor/ops/layout.js';
import { sparseLabels } from '../targets.js';
import { requireClassAxis } from './categoricalCrossentropy.js';
import type { CrossentropyOptions } from './crossentropy.js';
import { checkCrossentropyOptions, crossentropy } from './crossentropy.js';
import type { Loss } from './loss.js';
import { defineLoss } from './loss.js';

/** −log p[label]: categorical crossentropy with int32 class labels of shape [batch] (or [batch, 1]). */
export function sparseCategoricalCrossentropy(options?: CrossentropyOptions): Loss {
  const name = 'sparseCategoricalCrossentropy';
  const config = checkCrossentropyOptions(name, options);
  return defineLoss(name, 'SparseCategoricalCrossentropy', config, (yTrue, yPred) => {
    requireClassAxis(name, yPred);
    sparseLabels(name, yTrue, yPred);
    const labels = reshape(yTrue, yPred.shape.slice(0, -1));
    return crossentropy(oneHot(labels, yPred.shape[yPred.rank - 1]!), yPred, config.fromLogits);
  });
}
