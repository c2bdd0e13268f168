import { fusedMatMul } from '../../tensor/ops/matmul.js';
import { reshape } from '../../tensor/ops/layout.js';
import { sizeOf } from '../../tensor/shape.js';
import type { Tensor } from '../../tensor/tensor.js';
import { POSITIVE_INTEGER, checkNumber } from '../checks.js';
import type { SymbolicShape } from '../symbolicTensor.js';
import { knownDimension, requireMinRank } from './inputShape.js';
import { KernelLayer } from './kernelLayer.js';
import type { KernelLayerArgs } from './kernelLayer.js';
import type { LayerConfig } from './layer.js';
import { registerLayer } from './registry.js';

export interface DenseArgs extends KernelLayerArgs {
  /** The size of the output's last dimension. */
  units: number;
}

/**
 * `activation(input x kernel + bias)` with kernel `[inputDim, units]`. Inputs of rank > 2 are
 * transformed along their last axis (every other axis is kept), as in Keras.
 */
export class Dense extends KernelLayer {
  readonly className = 'Dense';
  protected override readonly passesMask = true;
  readonly units: number;

  constructor(args: DenseArgs) {
    super(args);
    this.units = checkNumber(this.name, 'units', args.units, POSITIVE_INTEGER, 'literal');
  }

  override build(inputShape: SymbolicShape): void {
    requireMinRank(this.name, inputShape, 2, '[batch, ..., features]');
    this.addKernelAndBias([knownDimension(this.name, inputShape, inputShape.length - 1, 'last (features)'), this.units]);
    super.build(inputShape);
  }

  override computeOutputShape(inputShape: SymbolicShape): SymbolicShape {
    requireMinRank(this.name, inputShape, 2, '[batch, ..., features]');
    return [...inputShape.slice(0, -1), this.units];
  }

  call(input: Tensor): Tensor {
    // One matrix product over all leading axes at once: [..., in] -> [rows, in].
    const leading = input.shape.slice(0, -1);
    const rows = input.rank === 2 ? input : reshape(input, [sizeOf(leading), input.shape[input.rank - 1]!]);
    const out = this.withBiasAndActivation((bias, activation) => fusedMatMul({ a: rows, b: this.kernel.tensor, bias, activation }));
    return input.rank === 2 ? out : reshape(out, [...leading, this.units]);
  }

  override getConfig(): LayerConfig {
    return { ...super.getConfig(), units: this.units };
  }
}

registerLayer('Dense', (config) => new Dense(config as unknown as DenseArgs));
