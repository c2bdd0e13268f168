import { mul, sub } from '../../tensor/ops/arithmetic.js';
import { equal } from '../../tensor/ops/comparison.js';
import { expandDims } from '../../tensor/ops/layout.js';
import { max } from '../../tensor/ops/reduction.js';
import type { Tensor } from '../../tensor/tensor.js';
import { FINITE, checkNumber } from '../checks.js';
import type { SymbolicShape } from '../symbolicTensor.js';
import { requireRank } from './inputShape.js';
import { Layer } from './layer.js';
import type { LayerArgs, LayerConfig } from './layer.js';
import { registerLayer } from './registry.js';

export interface MaskingArgs extends LayerArgs {
  /** A time step whose features all equal this is padding (default 0). */
  maskValue?: number;
}

/**
 * Marks padded time steps of `[batch, steps, features]`: a step whose every feature equals
 * `maskValue` gets mask 0, and later layers (recurrent ones) skip it. The output is the input
 * with padded steps set to 0, as in Keras.
 */
export class Masking extends Layer {
  readonly className = 'Masking';
  readonly maskValue: number;

  constructor(args: MaskingArgs = {}) {
    super(args);
    this.maskValue = checkNumber(this.name, 'maskValue', args.maskValue ?? 0, FINITE, 'literal');
  }

  override build(inputShape: SymbolicShape): void {
    requireRank(this.name, inputShape, 3, '[batch, steps, features]');
    super.build(inputShape);
  }

  /** `[batch, steps]`: 1 where some feature differs from maskValue. */
  private stepMask(input: Tensor): Tensor {
    return max(sub(1, equal(input, this.maskValue)), -1);
  }

  call(input: Tensor): Tensor {
    return mul(input, expandDims(this.stepMask(input), -1));
  }

  override computeMask(inputs: readonly Tensor[]): Tensor {
    return this.stepMask(inputs[0]!);
  }

  override getConfig(): LayerConfig {
    return { ...super.getConfig(), maskValue: this.maskValue };
  }
}

registerLayer('Masking', (config) => new Masking(config as MaskingArgs));
