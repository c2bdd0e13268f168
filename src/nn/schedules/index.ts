/** Learning-rate schedules: `tl.schedules.cosineDecay({...})`, accepted as any optimizer's learningRate. */
export type { LearningRateSchedule } from './schedule.js';
export { constant } from './constant.js';
export type { ConstantConfig } from './constant.js';
export { exponentialDecay, stepDecay } from './exponentialDecay.js';
export type { ExponentialDecayConfig } from './exponentialDecay.js';
export { piecewiseConstant } from './piecewiseConstant.js';
export type { PiecewiseConstantConfig } from './piecewiseConstant.js';
export { cosineDecay } from './cosineDecay.js';
export type { CosineDecayConfig } from './cosineDecay.js';
export { scheduleFromConfig } from './registry.js';
