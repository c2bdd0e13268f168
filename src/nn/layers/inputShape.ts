import { ShapeError } from '../../errors.js';
import type { SymbolicShape } from '../symbolicTensor.js';
import { formatSymbolicShape } from '../symbolicTensor.js';

/** Checks of the input shape a layer is built for; each error names the layer, what it expects and what it got. */

export function requireRank(layer: string, shape: SymbolicShape, rank: number, meaning: string): void {
  if (shape.length !== rank) {
    throw new ShapeError(`${layer}: expected input of rank ${rank} (${meaning}), found ${formatSymbolicShape(shape)}`);
  }
}

export function requireMinRank(layer: string, shape: SymbolicShape, rank: number, meaning: string): void {
  if (shape.length < rank) {
    throw new ShapeError(`${layer}: expected input of rank >= ${rank} (${meaning}), found ${formatSymbolicShape(shape)}`);
  }
}

/** A dimension that sizes a weight, so it must be known before the layer can be built. */
export function knownDimension(layer: string, shape: SymbolicShape, axis: number, meaning: string): number {
  const d = shape[axis];
  if (d === null || d === undefined) {
    throw new ShapeError(`${layer}: the ${meaning} dimension of the input must be known to build the layer, found ${formatSymbolicShape(shape)}`);
  }
  return d;
}
