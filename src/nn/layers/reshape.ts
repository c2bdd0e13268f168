import { ArgumentError, ShapeError, describe } from '../../errors.js';
import { reshape } from '../../tensor/ops/layout.js';
import { sizeOf } from '../../tensor/shape.js';
import type { Tensor } from '../../tensor/tensor.js';
import type { SymbolicShape } from '../symbolicTensor.js';
import { formatSymbolicShape } from '../symbolicTensor.js';
import { Layer } from './layer.js';
import type { LayerArgs, LayerConfig } from './layer.js';
import { registerLayer } from './registry.js';

export interface ReshapeArgs extends LayerArgs {
  /** The shape of one sample, without the batch dimension; one entry may be -1 (or null, as TF.js writes it) and is inferred. */
  targetShape: (number | null)[];
}

/** Gives each sample a new shape with the same number of values; the batch dimension is kept. */
export class Reshape extends Layer {
  readonly className = 'Reshape';
  /** With the unknown entry as -1. */
  readonly targetShape: number[];

  constructor(args: ReshapeArgs) {
    super(args);
    const target = args.targetShape;
    const valid = Array.isArray(target) && target.every((d) => d === null || d === -1 || (Number.isInteger(d) && d > 0));
    if (!valid || target.filter((d) => d === null || d === -1).length > 1) {
      throw new ArgumentError(`${this.name}: targetShape must be an array of positive integers with at most one -1, found ${describe(target, 'literal')}`);
    }
    this.targetShape = target.map((d) => d ?? -1);
  }

  override computeOutputShape(inputShape: SymbolicShape): SymbolicShape {
    const features = inputShape.slice(1);
    const known = sizeOf(this.targetShape.filter((d) => d !== -1));
    if (features.some((d) => d === null)) return [inputShape[0]!, ...this.targetShape.map((d) => (d === -1 ? null : d))];
    const size = sizeOf(features as number[]);
    const inferred = size / known;
    const fits = this.targetShape.includes(-1) ? Number.isInteger(inferred) : size === known;
    if (!fits) {
      throw new ShapeError(`${this.name}: cannot reshape input ${formatSymbolicShape(inputShape)} (${size} values per sample) to targetShape ${formatSymbolicShape(this.targetShape)}`);
    }
    return [inputShape[0]!, ...this.targetShape.map((d) => (d === -1 ? inferred : d))];
  }

  override build(inputShape: SymbolicShape): void {
    this.computeOutputShape(inputShape);
    super.build(inputShape);
  }

  call(input: Tensor): Tensor {
    const out = this.computeOutputShape([input.shape[0]!, ...input.shape.slice(1)]);
    return reshape(input, out as number[]);
  }

  override getConfig(): LayerConfig {
    return { ...super.getConfig(), targetShape: this.targetShape };
  }
}

registerLayer('Reshape', (config) => new Reshape(config as unknown as ReshapeArgs));
