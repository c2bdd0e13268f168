import { fromRegistry, readConfig } from '../config.js';
import type { Serialized } from '../serialization.js';
import { constant } from './constant.js';
import type { ConstantConfig } from './constant.js';
import { cosineDecay } from './cosineDecay.js';
import type { CosineDecayConfig } from './cosineDecay.js';
import { exponentialDecay } from './exponentialDecay.js';
import type { ExponentialDecayConfig } from './exponentialDecay.js';
import { piecewiseConstant } from './piecewiseConstant.js';
import type { PiecewiseConstantConfig } from './piecewiseConstant.js';
import type { LearningRateSchedule } from './schedule.js';

interface Entry {
  keys: readonly string[];
  make: (config: Record<string, unknown>) => LearningRateSchedule;
}

// Configs are checked by the factories themselves; the casts only pass them on.
const SCHEDULES: Record<string, Entry> = {
  constant: { keys: ['learningRate'], make: (c) => constant(c as unknown as ConstantConfig) },
  exponentialdecay: {
    keys: ['initialLearningRate', 'decaySteps', 'decayRate', 'staircase'],
    make: (c) => exponentialDecay(c as unknown as ExponentialDecayConfig),
  },
  piecewiseconstantdecay: { keys: ['boundaries', 'values'], make: (c) => piecewiseConstant(c as unknown as PiecewiseConstantConfig) },
  cosinedecay: {
    keys: ['initialLearningRate', 'decaySteps', 'alpha', 'warmupTarget', 'warmupSteps'],
    make: (c) => cosineDecay(c as unknown as CosineDecayConfig),
  },
};

/** Rebuilds a schedule from `getConfig()` output or a Keras config (snake_case keys are fine). */
export function scheduleFromConfig(serialized: Serialized): LearningRateSchedule {
  const { entry, className, config } = fromRegistry('scheduleFromConfig', 'schedule', SCHEDULES, serialized,
    'Constant, ExponentialDecay, PiecewiseConstantDecay, CosineDecay');
  return entry.make(readConfig(className, config, entry.keys));
}
