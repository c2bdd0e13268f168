import type { Activation as FusedActivation } from '../../backend/backend.js';
import type { Tensor } from '../../tensor/tensor.js';
import type { ActivationFunction } from '../activations.js';
import { checkBoolean, rejectUnsupported } from '../checks.js';
import type { Initializer } from '../initializers/initializer.js';
import type { InitializerIdentifier } from '../initializers/registry.js';
import type { L1L2 } from '../regularizers/l1l2.js';
import type { RegularizerIdentifier } from '../regularizers/registry.js';
import { serialize } from '../serialization.js';
import { Layer } from './layer.js';
import type { LayerArgs, LayerConfig, LayerVariable } from './layer.js';
import { activationArg, initializerArg, regularizerArg, serializeRegularizer } from './weightArgs.js';

/** Arguments of layers with a kernel, an optional bias and an activation (dense, conv2d). */
export interface KernelLayerArgs extends LayerArgs {
  /** 'linear' (default), 'relu', 'softmax', ...: see src/nn/activations.ts. */
  activation?: string | null;
  /** Default true. */
  useBias?: boolean;
  /** Default 'glorotUniform' as in Keras (TF.js defaults to glorotNormal). */
  kernelInitializer?: InitializerIdentifier;
  /** Default 'zeros'. */
  biasInitializer?: InitializerIdentifier;
  kernelRegularizer?: RegularizerIdentifier | null;
  biasRegularizer?: RegularizerIdentifier | null;
}

/** TF.js config keys these layers do not implement yet; a loaded config must leave them off. */
const UNSUPPORTED = ['kernelConstraint', 'biasConstraint', 'activityRegularizer'];

/**
 * What dense and conv2d share: reading and writing the arguments above, making the `kernel`
 * and `bias` weights, and applying bias and activation after the layer's own product.
 */
export abstract class KernelLayer extends Layer {
  readonly activation: ActivationFunction;
  readonly useBias: boolean;
  readonly kernelInitializer: Initializer;
  readonly biasInitializer: Initializer;
  readonly kernelRegularizer: L1L2 | undefined;
  readonly biasRegularizer: L1L2 | undefined;
  protected kernel!: LayerVariable;
  protected bias: LayerVariable | undefined;

  constructor(args: KernelLayerArgs) {
    super(args);
    rejectUnsupported(this.name, args, UNSUPPORTED, 'literal');
    this.activation = activationArg(this.name, args.activation);
    this.useBias = checkBoolean(this.name, 'useBias', args.useBias ?? true, 'literal');
    this.kernelInitializer = initializerArg(this.name, 'kernelInitializer', args.kernelInitializer, 'glorotUniform');
    this.biasInitializer = initializerArg(this.name, 'biasInitializer', args.biasInitializer, 'zeros');
    this.kernelRegularizer = regularizerArg(this.name, 'kernelRegularizer', args.kernelRegularizer);
    this.biasRegularizer = regularizerArg(this.name, 'biasRegularizer', args.biasRegularizer);
  }

  /** Called from `build` once the kernel's shape is known; the bias has one entry per output channel. */
  protected addKernelAndBias(kernelShape: number[]): void {
    this.kernel = this.addWeight('kernel', kernelShape, this.kernelInitializer, { regularizer: this.kernelRegularizer });
    if (this.useBias) {
      this.bias = this.addWeight('bias', [kernelShape[kernelShape.length - 1]!], this.biasInitializer, { regularizer: this.biasRegularizer });
    }
  }

  /**
   * The layer's product with bias and activation: fused into the product's kernel when the
   * activation allows it (the output is biased and activated while still in cache), applied
   * after it otherwise (softmax, gelu, ...).
   */
  protected withBiasAndActivation(product: (bias: Tensor | undefined, activation: FusedActivation) => Tensor): Tensor {
    const { fused } = this.activation;
    const bias = this.bias?.tensor;
    return fused !== undefined ? product(bias, fused) : this.activation.apply(product(bias, 'linear'));
  }

  override getConfig(): LayerConfig {
    return {
      ...super.getConfig(),
      activation: this.activation.name,
      useBias: this.useBias,
      kernelInitializer: serialize(this.kernelInitializer),
      biasInitializer: serialize(this.biasInitializer),
      kernelRegularizer: serializeRegularizer(this.kernelRegularizer),
      biasRegularizer: serializeRegularizer(this.biasRegularizer),
    };
  }
}
