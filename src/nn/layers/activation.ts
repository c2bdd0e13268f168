import type { Tensor } from '../../tensor/tensor.js';
import type { ActivationFunction } from '../activations.js';
import { Layer } from './layer.js';
import type { LayerArgs, LayerConfig } from './layer.js';
import { registerLayer } from './registry.js';
import { activationArg } from './weightArgs.js';

export interface ActivationArgs extends LayerArgs {
  /** 'relu', 'softmax', ...: see src/nn/activations.ts. */
  activation: string;
}

/** Applies an activation function elementwise (softmax: over the last axis). */
export class Activation extends Layer {
  readonly className = 'Activation';
  protected override readonly passesMask = true;
  readonly activation: ActivationFunction;

  constructor(args: ActivationArgs) {
    super(args);
    this.activation = activationArg(this.name, args.activation);
  }

  call(input: Tensor): Tensor {
    return this.activation.apply(input);
  }

  override getConfig(): LayerConfig {
    return { ...super.getConfig(), activation: this.activation.name };
  }
}

registerLayer('Activation', (config) => new Activation(config as unknown as ActivationArgs));
