import { fusedConv2d } from '../../tensor/ops/conv.js';
import type { Tensor } from '../../tensor/tensor.js';
import { POSITIVE_INTEGER, checkNumber } from '../checks.js';
import type { SymbolicShape } from '../symbolicTensor.js';
import { knownDimension } from './inputShape.js';
import { KernelLayer } from './kernelLayer.js';
import type { KernelLayerArgs } from './kernelLayer.js';
import type { LayerConfig } from './layer.js';
import { registerLayer } from './registry.js';
import { dataFormatArg, paddingArg, pairArg, windowOutputShape } from './windowArgs.js';
import type { DataFormat, LayerPadding, Pair, Window } from './windowArgs.js';

export interface Conv2DArgs extends KernelLayerArgs {
  /** Number of output channels. */
  filters: number;
  kernelSize: number | Pair;
  /** Default 1. */
  strides?: number | Pair;
  /** Default 'valid'. */
  padding?: LayerPadding;
  /** Only 'channelsLast' (the default) is supported. */
  dataFormat?: DataFormat;
  /** Default 1. */
  dilationRate?: number | Pair;
}

/**
 * 2-D convolution of NHWC images, kernel HWIO `[kernelHeight, kernelWidth, inChannels, filters]`
 * (Keras' and TF.js' layout, so their weights load as they are), then bias and activation.
 */
export class Conv2D extends KernelLayer {
  readonly className = 'Conv2D';
  readonly filters: number;
  readonly window: Window;

  constructor(args: Conv2DArgs) {
    super(args);
    this.filters = checkNumber(this.name, 'filters', args.filters, POSITIVE_INTEGER, 'literal');
    dataFormatArg(this.name, args.dataFormat);
    this.window = {
      size: pairArg(this.name, 'kernelSize', args.kernelSize, undefined),
      strides: pairArg(this.name, 'strides', args.strides, [1, 1]),
      dilation: pairArg(this.name, 'dilationRate', args.dilationRate, [1, 1]),
      padding: paddingArg(this.name, args.padding),
    };
  }

  override build(inputShape: SymbolicShape): void {
    windowOutputShape(this.name, inputShape, this.window);
    const channels = knownDimension(this.name, inputShape, 3, 'channels');
    this.addKernelAndBias([...this.window.size, channels, this.filters]);
    super.build(inputShape);
  }

  override computeOutputShape(inputShape: SymbolicShape): SymbolicShape {
    return [...windowOutputShape(this.name, inputShape, this.window), this.filters];
  }

  call(input: Tensor): Tensor {
    const { strides, padding, dilation } = this.window;
    return this.withBiasAndActivation((bias, activation) =>
      fusedConv2d({ x: input, filter: this.kernel.tensor, bias, activation, strides, padding, dilations: dilation }));
  }

  override getConfig(): LayerConfig {
    const { size, strides, padding, dilation } = this.window;
    return {
      ...super.getConfig(),
      filters: this.filters, kernelSize: size, strides, padding, dataFormat: 'channelsLast', dilationRate: dilation,
    };
  }
}

registerLayer('Conv2D', (config) => new Conv2D(config as unknown as Conv2DArgs));
