import { ArgumentError } from '../../errors.js';
import type { DType } from '../../tensor/dtype.js';
import { randomNormal, randomUniform, truncatedNormal } from '../../tensor/ops/creation.js';
import type { Tensor } from '../../tensor/tensor.js';
import { FINITE, NON_NEGATIVE, checkNumber, checkSeed } from '../checks.js';
import { Initializer } from './initializer.js';

export interface NormalArgs {
  mean?: number;
  /** Standard deviation (default 0.05, as in Keras and TF.js). */
  stddev?: number;
  seed?: number | null;
}

/** Normal samples; RandomNormal and TruncatedNormal differ only in the sampler. */
abstract class Normal extends Initializer {
  readonly mean: number;
  readonly stddev: number;
  readonly seed: number | null;
  protected abstract readonly sample: typeof randomNormal;

  constructor(args: NormalArgs = {}) {
    super();
    this.mean = checkNumber(this.constructor.name, 'mean', args.mean ?? 0, FINITE, 'literal');
    this.stddev = checkNumber(this.constructor.name, 'stddev', args.stddev ?? 0.05, NON_NEGATIVE, 'literal');
    this.seed = checkSeed(this.constructor.name, args.seed, 'literal');
  }

  apply(shape: number[], dtype: DType): Tensor {
    return this.sample(shape, this.mean, this.stddev, this.requireFloat(dtype), this.seed ?? undefined);
  }

  override getConfig(): Record<string, unknown> {
    return { mean: this.mean, stddev: this.stddev, seed: this.seed };
  }
}

export class RandomNormal extends Normal {
  readonly className = 'RandomNormal';
  protected readonly sample = randomNormal;
}

/** Normal samples redrawn when more than two standard deviations from the mean. */
export class TruncatedNormal extends Normal {
  readonly className = 'TruncatedNormal';
  protected readonly sample = truncatedNormal;
}

export interface UniformArgs {
  /** Bounds of [minval, maxval) (default ±0.05, as in Keras and TF.js). */
  minval?: number;
  maxval?: number;
  seed?: number | null;
}

export class RandomUniform extends Initializer {
  readonly className = 'RandomUniform';
  readonly minval: number;
  readonly maxval: number;
  readonly seed: number | null;

  constructor(args: UniformArgs = {}) {
    super();
    this.minval = checkNumber('RandomUniform', 'minval', args.minval ?? -0.05, FINITE, 'literal');
    this.maxval = checkNumber('RandomUniform', 'maxval', args.maxval ?? 0.05, FINITE, 'literal');
    this.seed = checkSeed('RandomUniform', args.seed, 'literal');
    // Checked here, not at apply time, so a bad config fails where it is read.
    if (!(this.minval < this.maxval)) {
      throw new ArgumentError(`RandomUniform: minval must be less than maxval, found ${this.minval} and ${this.maxval}`);
    }
  }

  apply(shape: number[], dtype: DType): Tensor {
    return randomUniform(shape, this.minval, this.maxval, this.requireFloat(dtype), this.seed ?? undefined);
  }

  override getConfig(): Record<string, unknown> {
    return { minval: this.minval, maxval: this.maxval, seed: this.seed };
  }
}
