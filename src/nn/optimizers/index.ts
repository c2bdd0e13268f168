/** Optimizers: `new tl.optimizers.Adam({ learningRate: 1e-3 })`, or `tl.optimizers.optimizerFromName('adam')`. */
export { Optimizer } from './optimizer.js';
export type { OptimizerConfig, NamedTensor, Update, UpdateStep } from './optimizer.js';
export type { Clipping } from './clipping.js';
export { Adam } from './adam.js';
export type { AdamConfig, AdamHyperparameters } from './adam.js';
export { optimizerFromName } from './registry.js';
