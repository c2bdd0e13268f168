/** Weight initializers: `tl.initializers.glorotUniform({seed: 1})`, or by name in layer arguments. */
import { Constant, Ones, Zeros } from './constant.js';
import type { ConstantArgs } from './constant.js';
import { Orthogonal } from './orthogonal.js';
import type { OrthogonalArgs } from './orthogonal.js';
import { RandomNormal, RandomUniform, TruncatedNormal } from './random.js';
import type { NormalArgs, UniformArgs } from './random.js';
import { VarianceScaling } from './varianceScaling.js';
import type { VarianceScalingArgs } from './varianceScaling.js';

export { Initializer } from './initializer.js';
export type { SeedArgs } from './initializer.js';
export { computeFans } from './fans.js';
export { initializerFromConfig } from './registry.js';
export type { InitializerIdentifier } from './registry.js';
export { Zeros, Ones, Constant, RandomNormal, RandomUniform, TruncatedNormal, VarianceScaling, Orthogonal };
export type { ConstantArgs, NormalArgs, UniformArgs, VarianceScalingArgs, OrthogonalArgs };
export type { Distribution, FanMode, VarianceScalingPreset } from './varianceScaling.js';
export { glorotUniform, glorotNormal, heUniform, heNormal, leCunUniform, leCunNormal } from './varianceScaling.js';

export const zeros = (): Zeros => new Zeros();
export const ones = (): Ones => new Ones();
export const constant = (args: ConstantArgs): Constant => new Constant(args);
export const randomNormal = (args: NormalArgs = {}): RandomNormal => new RandomNormal(args);
export const randomUniform = (args: UniformArgs = {}): RandomUniform => new RandomUniform(args);
export const truncatedNormal = (args: NormalArgs = {}): TruncatedNormal => new TruncatedNormal(args);
export const varianceScaling = (args: VarianceScalingArgs = {}): VarianceScaling => new VarianceScaling(args);
export const orthogonal = (args: OrthogonalArgs = {}): Orthogonal => new Orthogonal(args);
