import { noGrad } from '../../autograd/tape.js';
import { ArgumentError, describe } from '../../errors.js';
import { add, div, mul, sqrt, square, sub } from '../../tensor/ops/arithmetic.js';
import { reshape } from '../../tensor/ops/layout.js';
import { mean } from '../../tensor/ops/reduction.js';
import { normalizeAxis } from '../../tensor/shape.js';
import type { Tensor } from '../../tensor/tensor.js';
import { POSITIVE, UNIT_INTERVAL, checkBoolean, checkNumber, rejectUnsupported } from '../checks.js';
import type { Initializer } from '../initializers/initializer.js';
import type { InitializerIdentifier } from '../initializers/registry.js';
import type { L1L2 } from '../regularizers/l1l2.js';
import type { RegularizerIdentifier } from '../regularizers/registry.js';
import { serialize } from '../serialization.js';
import type { SymbolicShape } from '../symbolicTensor.js';
import { knownDimension, requireMinRank } from './inputShape.js';
import { Layer } from './layer.js';
import type { CallArgs, LayerArgs, LayerConfig, LayerVariable } from './layer.js';
import { registerLayer } from './registry.js';
import { initializerArg, regularizerArg, serializeRegularizer } from './weightArgs.js';

export interface BatchNormalizationArgs extends LayerArgs {
  /** The features axis, normalized per entry (default -1: channels of NHWC, features of dense outputs). */
  axis?: number;
  /** Weight of the old value in the moving averages (default 0.99). */
  momentum?: number;
  /** Added to the variance before the square root (default 1e-3). */
  epsilon?: number;
  /** Add the learned offset beta (default true). */
  center?: boolean;
  /** Multiply by the learned scale gamma (default true). */
  scale?: boolean;
  betaInitializer?: InitializerIdentifier;
  gammaInitializer?: InitializerIdentifier;
  movingMeanInitializer?: InitializerIdentifier;
  movingVarianceInitializer?: InitializerIdentifier;
  betaRegularizer?: RegularizerIdentifier | null;
  gammaRegularizer?: RegularizerIdentifier | null;
}

/**
 * `gamma (x - mean) / sqrt(variance + epsilon) + beta` per entry of `axis` (Ioffe & Szegedy 2015).
 * In training, mean and variance are the batch's (over every other axis; the biased variance,
 * as Keras 3 and TF.js use), and the moving averages are updated without recording gradients:
 * `moving = momentum * moving + (1 - momentum) * batch`. In inference, and whenever the layer is
 * frozen (`trainable = false`, as in Keras 3), the moving averages are used.
 * Weights in Keras order: gamma, beta (trainable), moving_mean, moving_variance (not trainable).
 */
export class BatchNormalization extends Layer {
  readonly className = 'BatchNormalization';
  readonly axis: number;
  readonly momentum: number;
  readonly epsilon: number;
  readonly center: boolean;
  readonly scale: boolean;
  private readonly initializers: Record<'beta' | 'gamma' | 'movingMean' | 'movingVariance', Initializer>;
  private readonly regularizers: Record<'beta' | 'gamma', L1L2 | undefined>;
  private gamma: LayerVariable | undefined;
  private beta: LayerVariable | undefined;
  private movingMean!: LayerVariable;
  private movingVariance!: LayerVariable;
  /** `[1, ..., channels, ..., 1]`: the per-channel vectors reshaped to broadcast against the input. */
  private broadcastShape!: number[];
  /** Every axis but the features axis: what batch statistics average over. */
  private reducedAxes!: number[];

  constructor(args: BatchNormalizationArgs = {}) {
    super(args);
    rejectUnsupported(this.name, args, ['betaConstraint', 'gammaConstraint'], 'literal');
    if (!Number.isInteger(args.axis ?? -1)) {
      throw new ArgumentError(`${this.name}: axis must be one integer (a list of axes is not supported), found ${describe(args.axis, 'literal')}`);
    }
    this.axis = args.axis ?? -1;
    this.momentum = checkNumber(this.name, 'momentum', args.momentum ?? 0.99, UNIT_INTERVAL, 'literal');
    this.epsilon = checkNumber(this.name, 'epsilon', args.epsilon ?? 1e-3, POSITIVE, 'literal');
    this.center = checkBoolean(this.name, 'center', args.center ?? true, 'literal');
    this.scale = checkBoolean(this.name, 'scale', args.scale ?? true, 'literal');
    this.initializers = {
      beta: initializerArg(this.name, 'betaInitializer', args.betaInitializer, 'zeros'),
      gamma: initializerArg(this.name, 'gammaInitializer', args.gammaInitializer, 'ones'),
      movingMean: initializerArg(this.name, 'movingMeanInitializer', args.movingMeanInitializer, 'zeros'),
      movingVariance: initializerArg(this.name, 'movingVarianceInitializer', args.movingVarianceInitializer, 'ones'),
    };
    this.regularizers = {
      beta: regularizerArg(this.name, 'betaRegularizer', args.betaRegularizer),
      gamma: regularizerArg(this.name, 'gammaRegularizer', args.gammaRegularizer),
    };
  }

  override build(inputShape: SymbolicShape): void {
    requireMinRank(this.name, inputShape, 2, '[batch, ..., features]');
    const axis = normalizeAxis(this.name, this.axis, inputShape.length);
    if (axis === 0) throw new ArgumentError(`${this.name}: axis must not be the batch axis 0, found ${this.axis}`);
    const channels = knownDimension(this.name, inputShape, axis, `axis ${this.axis}`);
    this.broadcastShape = inputShape.map((_, i) => (i === axis ? channels : 1));
    this.reducedAxes = inputShape.flatMap((_, i) => (i === axis ? [] : [i]));
    const { initializers: init, regularizers: reg } = this;
    if (this.scale) this.gamma = this.addWeight('gamma', [channels], init.gamma, { regularizer: reg.gamma });
    if (this.center) this.beta = this.addWeight('beta', [channels], init.beta, { regularizer: reg.beta });
    this.movingMean = this.addWeight('moving_mean', [channels], init.movingMean, { trainable: false });
    this.movingVariance = this.addWeight('moving_variance', [channels], init.movingVariance, { trainable: false });
    super.build(inputShape);
  }

  call(input: Tensor, { training }: CallArgs): Tensor {
    const perChannel = (t: Tensor) => reshape(t, this.broadcastShape);
    const { mean: m, variance } = training && this.trainable
      ? this.batchMoments(input)
      : { mean: perChannel(this.movingMean.tensor), variance: perChannel(this.movingVariance.tensor) };
    let factor = div(1, sqrt(add(variance, this.epsilon)));
    if (this.gamma !== undefined) factor = mul(factor, perChannel(this.gamma.tensor));
    const normalized = mul(sub(input, m), factor);
    return this.beta === undefined ? normalized : add(normalized, perChannel(this.beta.tensor));
  }

  /** The batch's mean and biased variance per channel, shaped to broadcast; updates the moving averages. */
  private batchMoments(input: Tensor): { mean: Tensor; variance: Tensor } {
    const m = mean(input, this.reducedAxes, true);
    const variance = mean(square(sub(input, m)), this.reducedAxes, true);
    noGrad(() => {
      const update = (moving: LayerVariable, batch: Tensor) =>
        moving.tensor.assign(add(mul(moving.tensor, this.momentum), mul(reshape(batch, moving.tensor.shape), 1 - this.momentum)));
      update(this.movingMean, m);
      update(this.movingVariance, variance);
    });
    return { mean: m, variance };
  }

  override getConfig(): LayerConfig {
    const { initializers: init, regularizers: reg } = this;
    return {
      ...super.getConfig(),
      axis: this.axis, momentum: this.momentum, epsilon: this.epsilon, center: this.center, scale: this.scale,
      betaInitializer: serialize(init.beta), gammaInitializer: serialize(init.gamma),
      movingMeanInitializer: serialize(init.movingMean), movingVarianceInitializer: serialize(init.movingVariance),
      betaRegularizer: serializeRegularizer(reg.beta), gammaRegularizer: serializeRegularizer(reg.gamma),
    };
  }
}

registerLayer('BatchNormalization', (config) => new BatchNormalization(config as BatchNormalizationArgs));
