import { ClassRegistry } from '../serialization.js';
import type { Serialized } from '../serialization.js';
import { Constant, Ones, Zeros } from './constant.js';
import { Initializer } from './initializer.js';
import { Orthogonal } from './orthogonal.js';
import { RandomNormal, RandomUniform, TruncatedNormal } from './random.js';
import { PRESET_NAMES, VarianceScaling } from './varianceScaling.js';

/** A name ('glorotUniform', 'glorot_uniform', 'GlorotUniform'), a `{className, config}` or an instance. */
export type InitializerIdentifier = string | Serialized | Initializer;

const registry = new ClassRegistry('initializerFromConfig', (x): x is Initializer => x instanceof Initializer);
registry.register('Zeros', () => new Zeros(), ['zero']);
registry.register('Ones', () => new Ones(), ['one']);
registry.register('Constant', (config) => new Constant(config));
registry.register('RandomNormal', (config) => new RandomNormal(config), ['normal']);
registry.register('RandomUniform', (config) => new RandomUniform(config), ['uniform']);
registry.register('TruncatedNormal', (config) => new TruncatedNormal(config));
registry.register('VarianceScaling', (config) => new VarianceScaling(config));
for (const preset of PRESET_NAMES) registry.register(preset, (config) => new VarianceScaling(config, preset));
registry.register('Orthogonal', (config) => new Orthogonal(config));

/**
 * The initializer an identifier names. Reads both what Keras writes (`{className: 'GlorotUniform',
 * config: {seed: null}}`) and what TF.js writes for the same thing (`{className: 'VarianceScaling',
 * config: {scale: 1, mode: 'fanAvg', distribution: 'uniform', seed: null}}`).
 */
export function initializerFromConfig(identifier: InitializerIdentifier): Initializer {
  return registry.fromIdentifier(identifier);
}
