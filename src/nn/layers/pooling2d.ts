import type { Padding } from '../../tensor/ops/conv.js';
import type { Tensor } from '../../tensor/tensor.js';
import type { SymbolicShape } from '../symbolicTensor.js';
import { Layer } from './layer.js';
import type { LayerArgs, LayerConfig } from './layer.js';
import { dataFormatArg, paddingArg, pairArg, windowOutputShape } from './windowArgs.js';
import type { DataFormat, LayerPadding, Pair, Window } from './windowArgs.js';

export interface Pooling2DArgs extends LayerArgs {
  /** Default 2. */
  poolSize?: number | Pair;
  /** Default: the pool size (non-overlapping windows), as in Keras. */
  strides?: number | Pair | null;
  /** Default 'valid'. */
  padding?: LayerPadding;
  /** Only 'channelsLast' (the default) is supported. */
  dataFormat?: DataFormat;
}

type PoolOp = (x: Tensor, poolSize: Pair, strides: Pair, padding: Padding) => Tensor;

/** What max and average pooling share: arguments, config and output shape; they differ in the op. */
export abstract class Pooling2D extends Layer {
  readonly window: Window;
  protected abstract readonly pool: PoolOp;

  constructor(args: Pooling2DArgs = {}) {
    super(args);
    dataFormatArg(this.name, args.dataFormat);
    const size = pairArg(this.name, 'poolSize', args.poolSize, [2, 2]);
    this.window = {
      size,
      strides: pairArg(this.name, 'strides', args.strides, size),
      dilation: [1, 1],
      padding: paddingArg(this.name, args.padding),
    };
  }

  override build(inputShape: SymbolicShape): void {
    windowOutputShape(this.name, inputShape, this.window);
    super.build(inputShape);
  }

  override computeOutputShape(inputShape: SymbolicShape): SymbolicShape {
    return [...windowOutputShape(this.name, inputShape, this.window), inputShape[3]!];
  }

  call(input: Tensor): Tensor {
    return this.pool(input, this.window.size, this.window.strides, this.window.padding);
  }

  override getConfig(): LayerConfig {
    const { size, strides, padding } = this.window;
    return { ...super.getConfig(), poolSize: size, strides, padding, dataFormat: 'channelsLast' };
  }
}
