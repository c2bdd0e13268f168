import { ArgumentError } from '../../errors.js';
import type { Tensor } from '../../tensor/tensor.js';
import { input } from '../layers/input.js';
import { Layer } from '../layers/layer.js';
import type { SymbolicTensor } from '../symbolicTensor.js';
import { LayerGraph } from './graph.js';
import { LayersModel } from './layersModel.js';

export interface SequentialArgs {
  layers?: Layer[];
  name?: string;
}

let sequentialCount = 0;

/**
 * A linear stack of layers. The graph is wired as soon as the input shape is known: from the
 * first layer's `inputShape`, or from the first data given to fit/predict.
 */
export class Sequential extends LayersModel {
  private readonly stack: Layer[] = [];
  private input: SymbolicTensor | undefined;
  private output: SymbolicTensor | undefined;

  constructor(args: SequentialArgs | Layer[] = {}) {
    const { layers = [], name } = Array.isArray(args) ? { layers: args } : args;
    super(undefined, name ?? (sequentialCount++ === 0 ? 'sequential' : `sequential_${sequentialCount - 1}`));
    if (!Array.isArray(layers)) throw new ArgumentError(`${this.name}: layers must be an array of layers`);
    for (const layer of layers) this.add(layer);
  }

  /** The layers in order (without the implicit input layer, as Keras lists them). */
  override get layers(): Layer[] {
    return this.stack.slice();
  }

  add(layer: Layer): void {
    if (!(layer instanceof Layer)) throw new ArgumentError(`${this.name}.add: expected a layer, found ${typeof layer}`);
    if (this.stack.includes(layer)) throw new ArgumentError(`${this.name}.add: layer '${layer.name}' is already in the model`);
    if (this.stack.length > 0 && layer.batchInputShape !== undefined && this.input !== undefined) {
      throw new ArgumentError(`${this.name}.add: only the first layer may have an inputShape ('${layer.name}' has one)`);
    }
    if (this.output !== undefined) {
      this.output = layer.apply(this.output); // checks the shapes fit now, not at the first batch
    }
    this.stack.push(layer);
    if (this.stack.length === 1 && layer.batchInputShape !== undefined) this.wire(layer.batchInputShape);
    if (this.input !== undefined) this.graph = new LayerGraph([this.input], [this.output!]);
  }

  private wire(batchInputShape: (number | null)[]): void {
    this.input = input({ shape: batchInputShape.slice(1) as number[], name: `${this.name}_input` });
    this.output = this.input;
    for (const layer of this.stack) this.output = layer.apply(this.output);
    this.graph = new LayerGraph([this.input], [this.output]);
  }

  protected override buildFor(x: Tensor): void {
    if (this.graph !== undefined) return;
    if (this.stack.length === 0) throw new ArgumentError(`${this.name}: the model has no layers`);
    this.wire([null, ...x.shape.slice(1)]);
  }
}
