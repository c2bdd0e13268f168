import type { DType } from '../../tensor/dtype.js';
import { randomNormal, randomUniform, truncatedNormal } from '../../tensor/ops/creation.js';
import type { Tensor } from '../../tensor/tensor.js';
import { POSITIVE, checkChoice, checkNumber, checkSeed } from '../checks.js';
import { computeFans } from './fans.js';
import type { SeedArgs } from './initializer.js';
import { Initializer } from './initializer.js';

export const FAN_MODES = ['fanIn', 'fanOut', 'fanAvg'] as const;
export type FanMode = (typeof FAN_MODES)[number];

/**
 * 'normal' is read as 'truncatedNormal', as Keras does (TF.js also truncates for 'normal', but
 * without the correction below, so its weights come out about 12% narrower).
 */
export const DISTRIBUTIONS = ['truncatedNormal', 'normal', 'untruncatedNormal', 'uniform'] as const;
export type Distribution = (typeof DISTRIBUTIONS)[number];

export interface VarianceScalingArgs {
  /** Target variance times the fan (default 1). */
  scale?: number;
  /** Which fan divides `scale` (default 'fanIn'); 'fan_in' etc. are read too. */
  mode?: FanMode | string;
  distribution?: Distribution | string;
  seed?: number | null;
}

/** Standard deviation of a standard normal truncated to [-2, 2], to undo the truncation's narrowing. */
const TRUNCATED_STDDEV = 0.87962566103423978;

/**
 * The Keras presets: each is VarianceScaling with fixed arguments, written under its own class
 * name with only a seed in its config (TF.js reads these names too, except LecunNormal and
 * LecunUniform, which it spells LeCun...).
 */
const PRESETS = {
  GlorotUniform: { scale: 1, mode: 'fanAvg', distribution: 'uniform' },
  GlorotNormal: { scale: 1, mode: 'fanAvg', distribution: 'truncatedNormal' },
  HeUniform: { scale: 2, mode: 'fanIn', distribution: 'uniform' },
  HeNormal: { scale: 2, mode: 'fanIn', distribution: 'truncatedNormal' },
  LecunUniform: { scale: 1, mode: 'fanIn', distribution: 'uniform' },
  LecunNormal: { scale: 1, mode: 'fanIn', distribution: 'truncatedNormal' },
} as const;
export type VarianceScalingPreset = keyof typeof PRESETS;
export const PRESET_NAMES = Object.keys(PRESETS) as VarianceScalingPreset[];

/**
 * Samples with variance `scale / n`, where n is fanIn, fanOut or their mean (Keras' formulas):
 * uniform in ±sqrt(3 scale / n), or normal with stddev sqrt(scale / n), truncated at two
 * standard deviations unless 'untruncatedNormal'.
 */
export class VarianceScaling extends Initializer {
  readonly className: 'VarianceScaling' | VarianceScalingPreset;
  readonly scale: number;
  readonly mode: FanMode;
  readonly distribution: Distribution;
  readonly seed: number | null;

  /** With `preset`, the preset's scale, mode and distribution replace those of `args`. */
  constructor(args: VarianceScalingArgs = {}, preset?: VarianceScalingPreset) {
    super();
    this.className = preset ?? 'VarianceScaling';
    const full = preset === undefined ? args : { ...PRESETS[preset], seed: args.seed };
    this.scale = checkNumber(this.className, 'scale', full.scale ?? 1, POSITIVE, 'literal');
    this.mode = checkChoice(this.className, 'mode', full.mode ?? 'fanIn', FAN_MODES, 'literal');
    this.distribution = checkChoice(this.className, 'distribution', full.distribution ?? 'truncatedNormal', DISTRIBUTIONS, 'literal');
    this.seed = checkSeed(this.className, full.seed, 'literal');
  }

  apply(shape: number[], dtype: DType): Tensor {
    const float = this.requireFloat(dtype);
    const { fanIn, fanOut } = computeFans(shape);
    const n = { fanIn, fanOut, fanAvg: (fanIn + fanOut) / 2 }[this.mode];
    const variance = this.scale / Math.max(1, n);
    const seed = this.seed ?? undefined;
    switch (this.distribution) {
      case 'uniform': {
        const limit = Math.sqrt(3 * variance);
        return randomUniform(shape, -limit, limit, float, seed);
      }
      case 'untruncatedNormal':
        return randomNormal(shape, 0, Math.sqrt(variance), float, seed);
      default:
        return truncatedNormal(shape, 0, Math.sqrt(variance) / TRUNCATED_STDDEV, float, seed);
    }
  }

  override getConfig(): Record<string, unknown> {
    if (this.className !== 'VarianceScaling') return { seed: this.seed };
    return { scale: this.scale, mode: this.mode, distribution: this.distribution, seed: this.seed };
  }
}

export const glorotUniform = (args: SeedArgs = {}): VarianceScaling => new VarianceScaling(args, 'GlorotUniform');
export const glorotNormal = (args: SeedArgs = {}): VarianceScaling => new VarianceScaling(args, 'GlorotNormal');
export const heUniform = (args: SeedArgs = {}): VarianceScaling => new VarianceScaling(args, 'HeUniform');
export const heNormal = (args: SeedArgs = {}): VarianceScaling => new VarianceScaling(args, 'HeNormal');
export const leCunUniform = (args: SeedArgs = {}): VarianceScaling => new VarianceScaling(args, 'LecunUniform');
export const leCunNormal = (args: SeedArgs = {}): VarianceScaling => new VarianceScaling(args, 'LecunNormal');
