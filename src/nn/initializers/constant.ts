import type { DType } from '../../tensor/dtype.js';
import { fill, ones, zeros } from '../../tensor/ops/creation.js';
import type { Tensor } from '../../tensor/tensor.js';
import { FINITE, checkNumber } from '../checks.js';
import { Initializer } from './initializer.js';

export class Zeros extends Initializer {
  readonly className = 'Zeros';

  apply(shape: number[], dtype: DType): Tensor {
    return zeros(shape, dtype);
  }
}

export class Ones extends Initializer {
  readonly className = 'Ones';

  apply(shape: number[], dtype: DType): Tensor {
    return ones(shape, dtype);
  }
}

export interface ConstantArgs {
  /** Every element's value (default 0, as in Keras). */
  value?: number;
}

export class Constant extends Initializer {
  readonly className = 'Constant';
  readonly value: number;

  constructor(args: ConstantArgs = {}) {
    super();
    this.value = checkNumber('Constant', 'value', args.value ?? 0, FINITE, 'literal');
  }

  apply(shape: number[], dtype: DType): Tensor {
    return fill(shape, this.value, dtype);
  }

  override getConfig(): Record<string, unknown> {
    return { value: this.value };
  }
}
