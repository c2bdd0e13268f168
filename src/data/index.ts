/** `tl.data`: datasets for training loops, and the splits and scaling applied before them. */
export { Dataset } from './dataset.js';
export { fromTensors, fromArray } from './sources.js';
export type { Batchable, TensorRecord } from './stackElements.js';
export { trainTestSplit } from './split.js';
export type { LabeledData, TrainTestData, SplitOptions } from './split.js';
export { fitStandardizer, Standardizer } from './standardizer.js';
