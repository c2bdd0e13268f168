import { ArgumentError } from '../../errors.js';
import type { DType } from '../../tensor/dtype.js';
import { randomNormal, randomUniform, truncatedNormal } from '../../tensor/ops/creation.js';
import type { Tensor } from '../../tensor/tensor.js';
import { numberArg, seedArg } from '../args.js';
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
    this.mean = numberArg(this.constructor.name, 'mean', args.mean, 0);
    this.stddev = numberArg(this.constructor.name, 'stddev', args.stddev, 0.05, 'nonNegative');
    this.seed = seedArg(this.constructor.name, args.seed);
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
    this.minval = numberArg('RandomUniform', 'minval', args.minval, -0.05);
    this.maxval = numberArg('RandomUniform', 'maxval', args.maxval, 0.05);
    this.seed = seedArg('RandomUniform', args.seed);
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
