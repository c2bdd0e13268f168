import { ArgumentError } from '../../errors.js';
import type { DType } from '../../tensor/dtype.js';
import type { Tensor } from '../../tensor/tensor.js';
import { SymbolicTensor } from '../symbolicTensor.js';
import type { SymbolicShape } from '../symbolicTensor.js';
import { Layer } from './layer.js';
import type { LayerArgs, LayerConfig } from './layer.js';
import { registerLayer } from './registry.js';

/** The entry point of a functional model: holds the input's shape and passes data through. */
export class InputLayer extends Layer {
  readonly className = 'InputLayer';

  constructor(args: LayerArgs) {
    super(args);
    if (this.batchInputShape === undefined) {
      throw new ArgumentError(`${this.name}: an input needs inputShape or batchInputShape`);
    }
    this.built = true;
  }

  call(input: Tensor): Tensor {
    return input;
  }

  override getConfig(): LayerConfig {
    return { ...super.getConfig(), sparse: false };
  }
}

registerLayer('InputLayer', (config) => new InputLayer(config as LayerArgs));

export interface InputArgs {
  /** Shape of one sample, without the batch dimension. */
  shape: number[];
  batchSize?: number;
  name?: string;
  dtype?: DType;
}

/** `tl.input({shape: [784]})`: the symbolic input of a functional model. */
export function input(args: InputArgs): SymbolicTensor {
  if (args === null || typeof args !== 'object' || !Array.isArray(args.shape)) {
    throw new ArgumentError(`input: expected {shape: number[]}, found ${JSON.stringify(args)}`);
  }
  const batchInputShape: SymbolicShape = [args.batchSize ?? null, ...args.shape];
  const layer = new InputLayer({ batchInputShape, ...(args.name === undefined ? {} : { name: args.name }), dtype: args.dtype ?? 'float32' });
  const node = { layer, inputs: [] };
  layer.inboundNodes.push(node);
  return new SymbolicTensor(layer.batchInputShape!, layer.dtype, node, layer.name);
}
