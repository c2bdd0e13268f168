/** Losses: `tl.losses.sparseCategoricalCrossentropy({ fromLogits: true })`, or `tl.losses.lossFromName('mse')`. */
export type { Loss } from './loss.js';
export type { CrossentropyOptions } from './crossentropy.js';
export { meanSquaredError, meanAbsoluteError } from './regression.js';
export { binaryCrossentropy } from './binaryCrossentropy.js';
export { categoricalCrossentropy } from './categoricalCrossentropy.js';
export { sparseCategoricalCrossentropy } from './sparseCategoricalCrossentropy.js';
export { lossFromName } from './registry.js';
