import { ArgumentError } from '../../errors.js';
import { sub } from '../../tensor/ops/arithmetic.js';
import { cast } from '../../tensor/ops/cast.js';
import { equal } from '../../tensor/ops/comparison.js';
import { gather, reshape } from '../../tensor/ops/layout.js';
import { Tensor } from '../../tensor/tensor.js';
import { POSITIVE_INTEGER, checkBoolean, checkNumber, rejectUnsupported } from '../checks.js';
import type { Initializer } from '../initializers/initializer.js';
import type { InitializerIdentifier } from '../initializers/registry.js';
import type { L1L2 } from '../regularizers/l1l2.js';
import type { RegularizerIdentifier } from '../regularizers/registry.js';
import { serialize } from '../serialization.js';
import type { SymbolicShape } from '../symbolicTensor.js';
import { Layer } from './layer.js';
import type { LayerArgs, LayerConfig, LayerVariable } from './layer.js';
import { registerLayer } from './registry.js';
import { initializerArg, regularizerArg, serializeRegularizer } from './weightArgs.js';

export interface EmbeddingArgs extends LayerArgs {
  /** Number of distinct ids: ids are in [0, inputDim). */
  inputDim: number;
  /** Length of each id's vector. */
  outputDim: number;
  /** Default 'randomUniform' (±0.05), as in Keras and TF.js. */
  embeddingsInitializer?: InitializerIdentifier;
  embeddingsRegularizer?: RegularizerIdentifier | null;
  /** Id 0 is padding: the layer gives later layers a mask (1 where the id is not 0) that recurrent layers skip padded steps by, as Keras' maskZero. Default false. */
  maskZero?: boolean;
}

/**
 * Looks up a trainable vector per integer id: ids of any shape `[batch, ...]` give
 * `[batch, ..., outputDim]`. Ids may be int32 or float32 holding integers.
 */
export class Embedding extends Layer {
  readonly className = 'Embedding';
  readonly inputDim: number;
  readonly outputDim: number;
  readonly embeddingsInitializer: Initializer;
  readonly embeddingsRegularizer: L1L2 | undefined;
  readonly maskZero: boolean;
  private embeddings!: LayerVariable;

  constructor(args: EmbeddingArgs) {
    super(args);
    rejectUnsupported(this.name, args, ['inputLength', 'embeddingsConstraint', 'activityRegularizer'], 'literal');
    this.inputDim = checkNumber(this.name, 'inputDim', args.inputDim, POSITIVE_INTEGER, 'literal');
    this.outputDim = checkNumber(this.name, 'outputDim', args.outputDim, POSITIVE_INTEGER, 'literal');
    this.embeddingsInitializer = initializerArg(this.name, 'embeddingsInitializer', args.embeddingsInitializer, 'randomUniform');
    this.embeddingsRegularizer = regularizerArg(this.name, 'embeddingsRegularizer', args.embeddingsRegularizer);
    this.maskZero = checkBoolean(this.name, 'maskZero', args.maskZero ?? false, 'literal');
  }

  override build(inputShape: SymbolicShape): void {
    this.embeddings = this.addWeight('embeddings', [this.inputDim, this.outputDim], this.embeddingsInitializer, { regularizer: this.embeddingsRegularizer });
    super.build(inputShape);
  }

  override computeOutputShape(inputShape: SymbolicShape): SymbolicShape {
    return [...inputShape, this.outputDim];
  }

  call(input: Tensor): Tensor {
    const rows = gather(this.embeddings.tensor, new Tensor(this.ids(input), [input.size]));
    return reshape(rows, [...input.shape, this.outputDim]);
  }

  /** With maskZero: 1 where the id is not 0, in the ids' shape (`[batch, steps]` for sequences). */
  override computeMask(inputs: readonly Tensor[]): Tensor | undefined {
    return this.maskZero ? cast(sub(1, equal(inputs[0]!, 0)), 'float32') : undefined;
  }

  /** The ids as int32, each checked to be an integer in [0, inputDim). */
  private ids(input: Tensor): Int32Array {
    const values = input.values;
    const ids = new Int32Array(values.length);
    for (let i = 0; i < values.length; i++) {
      const id = values[i]!;
      if (!Number.isInteger(id) || id < 0 || id >= this.inputDim) {
        throw new ArgumentError(`${this.name}: ids must be integers in [0, ${this.inputDim}) (inputDim), found ${id} at flat position ${i} of the input`);
      }
      ids[i] = id;
    }
    return ids;
  }

  override getConfig(): LayerConfig {
    return {
      ...super.getConfig(),
      inputDim: this.inputDim,
      outputDim: this.outputDim,
      embeddingsInitializer: serialize(this.embeddingsInitializer),
      embeddingsRegularizer: serializeRegularizer(this.embeddingsRegularizer),
      maskZero: this.maskZero,
    };
  }
}

registerLayer('Embedding', (config) => new Embedding(config as unknown as EmbeddingArgs));
