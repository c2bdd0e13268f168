import { DTypeError } from '../../errors.js';
import type { DType } from '../../tensor/dtype.js';
import type { Tensor } from '../../tensor/tensor.js';
import type { WeightInitializer } from '../layers/layer.js';
import type { Serializable } from '../serialization.js';

/**
 * The base of every initializer: makes a weight's first value and can be written into a layer's
 * config as `{className, config}` (Keras class names, so TF.js and Keras read them).
 * Random initializers draw from their own seed when given one (the same values on every call,
 * as Keras 3 and TF.js do), else from the global generator that `tl.setSeed` seeds.
 */
export abstract class Initializer implements WeightInitializer, Serializable {
  abstract readonly className: string;

  abstract apply(shape: number[], dtype: DType): Tensor;

  getConfig(): Record<string, unknown> {
    return {};
  }

  /** Random initializers make float32 weights only (an int32 weight is not trained). */
  protected requireFloat(dtype: DType): 'float32' {
    if (dtype !== 'float32') throw new DTypeError(`${this.className}: makes float32 weights only, found dtype ${dtype}`);
    return dtype;
  }
}

/** The arguments of initializers whose only option is a seed. */
export interface SeedArgs {
  seed?: number | null;
}
