/** Optimizers: `new tl.optimizers.Adam({ learningRate: 1e-3 })`, or `tl.optimizers.optimizerFromName('adam')`. */
export { Optimizer } from './optimizer.js';
export type { OptimizerConfig, NamedTensor, Update, UpdateStep } from './optimizer.js';
export type { Clipping } from './clipping.js';
export { Adam } from './adam.js';
export type { AdamConfig, AdamHyperparameters } from './adam.js';
export { AdamW } from './adamW.js';
export type { AdamWConfig } from './adamW.js';
export { SGD } from './sgd.js';
export type { SGDConfig } from './sgd.js';
export { RMSprop } from './rmsprop.js';
export type { RMSpropConfig } from './rmsprop.js';
export { optimizerFromName } from './registry.js';
