import { fromRegistry, readConfig } from '../config.js';
import type { Serialized } from '../serialization.js';
import { binaryCrossentropy } from './binaryCrossentropy.js';
import { categoricalCrossentropy } from './categoricalCrossentropy.js';
import type { CrossentropyOptions } from './crossentropy.js';
import type { Loss } from './loss.js';
import { meanAbsoluteError, meanSquaredError } from './regression.js';
import { sparseCategoricalCrossentropy } from './sparseCategoricalCrossentropy.js';

interface Entry {
  keys: readonly string[];
  make: (config: CrossentropyOptions) => Loss;
}

const REGRESSION = (make: () => Loss): Entry => ({ keys: [], make });
const CROSSENTROPY = (make: (config: CrossentropyOptions) => Loss): Entry => ({ keys: ['fromLogits'], make });

// By canonical name, so TF.js names, Keras names, class names and the usual abbreviations match.
const LOSSES: Record<string, Entry> = {
  meansquarederror: REGRESSION(meanSquaredError),
  mse: REGRESSION(meanSquaredError),
  meanabsoluteerror: REGRESSION(meanAbsoluteError),
  mae: REGRESSION(meanAbsoluteError),
  binarycrossentropy: CROSSENTROPY(binaryCrossentropy),
  categoricalcrossentropy: CROSSENTROPY(categoricalCrossentropy),
  sparsecategoricalcrossentropy: CROSSENTROPY(sparseCategoricalCrossentropy),
};

// Keras options Tensile does not implement, with the value that leaves them off.
const NEUTRAL = { labelSmoothing: 0, axis: -1 };

/**
 * A loss from a name ('sparseCategoricalCrossentropy', 'categorical_crossentropy', 'mse', 'mae',
 * ...), from a config (`{ className: 'BinaryCrossentropy', config: { from_logits: true } }`), or a
 * Loss returned as is.
 */
export function lossFromName(identifier: string | Serialized | Loss): Loss {
  if (typeof identifier === 'object' && identifier !== null && 'perSample' in identifier) return identifier;
  const { entry, className, config } = fromRegistry('lossFromName', 'loss', LOSSES, identifier,
    'meanSquaredError (mse), meanAbsoluteError (mae), binaryCrossentropy, categoricalCrossentropy, sparseCategoricalCrossentropy');
  return entry.make(readConfig(className, config, entry.keys, NEUTRAL));
}
