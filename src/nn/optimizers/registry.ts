import { fromRegistry, readConfig } from '../config.js';
import { scheduleFromConfig } from '../schedules/registry.js';
import { readIdentifier } from '../serialization.js';
import { Adam } from './adam.js';
import { AdamW } from './adamW.js';
import { RMSprop } from './rmsprop.js';
import { SGD } from './sgd.js';
import type { Optimizer } from './optimizer.js';

interface Entry {
  keys: readonly string[];
  make: (config: Record<string, unknown>) => Optimizer;
}

const COMMON_KEYS = ['learningRate', 'clipNorm', 'clipValue', 'globalClipNorm'];
const ADAM_KEYS = [...COMMON_KEYS, 'beta1', 'beta2', 'epsilon'];

// By canonical class name, so 'adam', 'Adam' and Keras' class names all match.
const OPTIMIZERS: Record<string, Entry> = {
  sgd: { keys: [...COMMON_KEYS, 'momentum', 'nesterov'], make: (c) => new SGD(c) },
  adam: { keys: ADAM_KEYS, make: (c) => new Adam(c) },
  adamw: { keys: [...ADAM_KEYS, 'weightDecay'], make: (c) => new AdamW(c) },
  rmsprop: { keys: [...COMMON_KEYS, 'rho', 'momentum', 'epsilon', 'centered'], make: (c) => new RMSprop(c) },
};

// Keras features Tensile does not implement, with the value that leaves them off.
const NEUTRAL = { amsgrad: false, useEma: false, weightDecay: null, lossScaleFactor: null, gradientAccumulationSteps: null };

/**
 * Builds an optimizer from a name ('adam', 'sgd', 'rmsprop', 'adamw', with Keras defaults), a
 * config (`{ className: 'Adam', config: { learningRate: 0.01 } }`, keys in TF.js or Keras
 * spelling; a learning rate may itself be a serialized schedule), or returns an optimizer as is.
 */
export function optimizerFromName(identifier: string | { className: string; config?: Record<string, unknown> } | Optimizer): Optimizer {
  if (typeof identifier === 'object' && identifier !== null && 'applyGradients' in identifier) return identifier;
  const { entry, className, config } = fromRegistry('optimizerFromName', 'optimizer', OPTIMIZERS, identifier, Object.keys(OPTIMIZERS).join(', '));
  const options = readConfig(className, config, entry.keys, NEUTRAL);
  const rate = options.learningRate;
  if (typeof rate === 'object' && rate !== null) options.learningRate = scheduleFromConfig(readIdentifier(className, rate));
  return entry.make(options);
}
