import { ShapeError } from '../../errors.js';
import { reshape } from '../../tensor/ops/layout.js';
import { sizeOf } from '../../tensor/shape.js';
import type { Tensor } from '../../tensor/tensor.js';
import type { SymbolicShape } from '../symbolicTensor.js';
import { formatSymbolicShape } from '../symbolicTensor.js';
import { Layer } from './layer.js';
import type { LayerArgs, LayerConfig } from './layer.js';
import { registerLayer } from './registry.js';
import { dataFormatArg } from './windowArgs.js';
import type { DataFormat } from './windowArgs.js';

export interface FlattenArgs extends LayerArgs {
  /** Only 'channelsLast' (the default) is supported: NHWC features are flattened in their order. */
  dataFormat?: DataFormat;
}

/** `[batch, d1, d2, ...]` -> `[batch, d1 * d2 * ...]`, in row-major order. */
export class Flatten extends Layer {
  readonly className = 'Flatten';

  constructor(args: FlattenArgs = {}) {
    super(args);
    dataFormatArg(this.name, args.dataFormat);
  }

  override computeOutputShape(inputShape: SymbolicShape): SymbolicShape {
    const features = inputShape.slice(1);
    if (features.some((d) => d === null)) {
      throw new ShapeError(`${this.name}: every input dimension but the batch must be known, found ${formatSymbolicShape(inputShape)}`);
    }
    return [inputShape[0] ?? null, sizeOf(features as number[])];
  }

  call(input: Tensor): Tensor {
    return reshape(input, [input.shape[0]!, sizeOf(input.shape.slice(1))]);
  }

  override getConfig(): LayerConfig {
    return { ...super.getConfig(), dataFormat: 'channelsLast' };
  }
}

registerLayer('Flatten', (config) => new Flatten(config as FlattenArgs));
