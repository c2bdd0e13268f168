import { DTypeError, ShapeError, ArgumentError, fmtShape } from '../errors.js';
import { cast } from '../tensor/ops/cast.js';
import { reshape } from '../tensor/ops/layout.js';
import { sameShape } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';

/**
 * What losses and metrics accept as labels (yTrue) next to predictions (yPred), checked once
 * here so every loss and metric says the same thing about the same mistake.
 */

/** True when `a` is `b` with a trailing axis of size 1 (labels [batch] next to outputs [batch, 1]). */
function isTrailingOne(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length + 1 && a[a.length - 1] === 1 && sameShape(a.slice(0, -1), b);
}

/**
 * Dense labels as float32 in yPred's shape: the shapes must be equal, or differ only by a
 * trailing axis of size 1 (as Keras squeezes or expands them). No other broadcasting: a
 * mismatch is nearly always a bug, not an intent.
 */
export function denseTargets(owner: string, yTrue: Tensor, yPred: Tensor): Tensor {
  const same = sameShape(yTrue.shape, yPred.shape);
  if (!same && !isTrailingOne(yTrue.shape, yPred.shape) && !isTrailingOne(yPred.shape, yTrue.shape)) {
    throw new ShapeError(`${owner}: yTrue ${fmtShape(yTrue.shape)} and yPred ${fmtShape(yPred.shape)} must have the same shape`);
  }
  const aligned = same ? yTrue : reshape(yTrue, yPred.shape);
  return cast(aligned, 'float32');
}

/**
 * Integer class labels for predictions `[..., classes]`: int32, of yPred's shape without its
 * last axis (or with it as 1), each in [0, classes). Returns them flat.
 */
export function sparseLabels(owner: string, yTrue: Tensor, yPred: Tensor): Int32Array {
  const classes = yPred.shape[yPred.rank - 1]!;
  const outer = yPred.shape.slice(0, -1);
  if (!sameShape(yTrue.shape, outer) && !isTrailingOne(yTrue.shape, outer)) {
    throw new ShapeError(`${owner}: class labels yTrue ${fmtShape(yTrue.shape)} do not fit predictions yPred ${fmtShape(yPred.shape)}: expected yTrue ${fmtShape(outer)}`);
  }
  if (yTrue.dtype !== 'int32') throw new DTypeError(`${owner}: class labels (yTrue) must be int32, found ${yTrue.dtype}`);
  const labels = yTrue.values as Int32Array;
  for (let i = 0; i < labels.length; i++) {
    if (labels[i]! < 0 || labels[i]! >= classes) {
      throw new ArgumentError(`${owner}: label ${labels[i]} at position ${i} is out of range [0, ${classes}) for yPred ${fmtShape(yPred.shape)}`);
    }
  }
  return labels;
}
