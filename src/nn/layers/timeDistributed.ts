import { ArgumentError } from '../../errors.js';
import { reshape } from '../../tensor/ops/layout.js';
import type { Tensor } from '../../tensor/tensor.js';
import type { SymbolicShape } from '../symbolicTensor.js';
import { requireMinRank } from './inputShape.js';
import { Layer } from './layer.js';
import type { CallArgs, LayerArgs, LayerConfig, LayerVariable } from './layer.js';
import { layerFromConfig, registerLayer } from './registry.js';

export interface TimeDistributedArgs extends LayerArgs {
  /** The layer (or its `{className, config}`) applied to every time step. */
  layer: Layer | { className: string; config: LayerConfig };
}

/**
 * Applies a layer to each time step of `[batch, steps, ...]` with the same weights: one call on
 * `[batch * steps, ...]`, reshaped back. The inner layer's weights are named after this layer
 * (`<this>/kernel`), as TF.js names them.
 */
export class TimeDistributed extends Layer {
  readonly className = 'TimeDistributed';
  readonly layer: Layer;
  protected override readonly passesMask = true;

  constructor(args: TimeDistributedArgs) {
    super(args);
    const layer = args.layer;
    if (layer === null || typeof layer !== 'object') throw new ArgumentError(`${this.name}: layer must be a layer, found ${JSON.stringify(layer)}`);
    this.layer = layer instanceof Layer ? layer : layerFromConfig(layer.className, layer.config);
    if (this.layer.built) throw new ArgumentError(`${this.name}: the layer '${this.layer.name}' is already built; give TimeDistributed a fresh one`);
    this.layer.weightScope = this.name;
  }

  override get weights(): LayerVariable[] {
    return this.layer.weights;
  }

  override build(inputShape: SymbolicShape): void {
    requireMinRank(this.name, inputShape, 3, '[batch, steps, ...]');
    this.layer.ensureBuilt([null, ...inputShape.slice(2)]);
    super.build(inputShape);
  }

  override computeOutputShape(inputShape: SymbolicShape): SymbolicShape {
    requireMinRank(this.name, inputShape, 3, '[batch, steps, ...]');
    return [inputShape[0]!, inputShape[1]!, ...this.layer.computeOutputShape([null, ...inputShape.slice(2)]).slice(1)];
  }

  call(input: Tensor, { training }: CallArgs): Tensor {
    const [batch, steps] = input.shape as [number, number];
    const out = this.layer.call(reshape(input, [batch * steps, ...input.shape.slice(2)]), { training });
    return reshape(out, [batch, steps, ...out.shape.slice(1)]);
  }

  override getConfig(): LayerConfig {
    return { ...super.getConfig(), layer: { className: this.layer.className, config: this.layer.getConfig() } };
  }
}

registerLayer('TimeDistributed', (config) => new TimeDistributed(config as unknown as TimeDistributedArgs));
