import type { DType } from '../tensor/dtype.js';
import type { Layer } from './layers/layer.js';

/** A shape whose batch (or any unknown) dimension is null. */
export type SymbolicShape = (number | null)[];

/**
 * A placeholder for the tensor a layer will produce, used to wire a functional model together
 * before any data exists: `const y = tl.layers.dense({units: 10}).apply(x)`.
 */
export class SymbolicTensor {
  constructor(
    readonly shape: SymbolicShape,
    readonly dtype: DType,
    /** The layer call that produces this tensor. */
    readonly node: LayerNode,
    readonly name: string,
    /** Which of the call's outputs this is (a recurrent layer with returnState has several). */
    readonly outputIndex = 0,
  ) {}
}

/** One application of a layer to symbolic inputs. A layer applied twice (shared weights) has two nodes. */
export interface LayerNode {
  readonly layer: Layer;
  readonly inputs: readonly SymbolicTensor[];
}

export function formatSymbolicShape(shape: SymbolicShape): string {
  return `[${shape.map((d) => (d === null ? 'null' : d)).join(',')}]`;
}
