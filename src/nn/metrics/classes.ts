import { ArgumentError, ShapeError, fmtShape } from '../../errors.js';
import { asTensor } from '../../tensor/ops/operands.js';
import { argMax } from '../../tensor/ops/reduction.js';
import { sameShape } from '../../tensor/shape.js';
import type { Tensor } from '../../tensor/tensor.js';
import { denseTargets, sparseLabels } from '../targets.js';

/**
 * How labels and predictions pair up, decided from shapes as Keras does for 'accuracy':
 * - binary: predictions [batch] or [batch, 1] (a score per sample), labels 0/1 of that shape;
 * - oneHot: predictions [batch, k], labels one-hot [batch, k];
 * - sparse: predictions [batch, k], labels int32 class indices [batch] (or [batch, 1]).
 */
export type LabelKind = 'binary' | 'oneHot' | 'sparse';

export function labelKind(owner: string, yTrueShape: readonly number[], yPredShape: readonly number[]): LabelKind {
  const rank = yPredShape.length;
  if (rank === 0) throw new ShapeError(`${owner}: expected yPred with a leading batch axis, found a scalar`);
  if (rank === 1 || yPredShape[rank - 1] === 1) return 'binary';
  if (sameShape(yTrueShape, yPredShape)) return 'oneHot';
  const outer = yPredShape.slice(0, -1);
  if (sameShape(yTrueShape, outer) || sameShape(yTrueShape, [...outer, 1])) return 'sparse';
  throw new ShapeError(
    `${owner}: yTrue ${fmtShape(yTrueShape)} does not fit yPred ${fmtShape(yPredShape)}: ` +
      `expected one-hot labels ${fmtShape(yPredShape)} or class indices ${fmtShape(outer)}`,
  );
}

/** Checks that a metric's inputs are tensors (metrics are called from untyped JS too). */
export function metricInputs(owner: string, yTrue: unknown, yPred: unknown): [Tensor, Tensor] {
  return [asTensor(owner, yTrue, 'yTrue'), asTensor(owner, yPred, 'yPred')];
}

/** Labels that must each be 0 or 1 (binary targets), as integers. */
export function binaryLabels(owner: string, yTrue: Tensor, yPred: Tensor): Int32Array {
  const values = denseTargets(owner, yTrue, yPred).values;
  const out = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    if (values[i] !== 0 && values[i] !== 1) throw new ArgumentError(`${owner}: binary label ${values[i]} at position ${i} is not 0 or 1`);
    out[i] = values[i]!;
  }
  return out;
}

/** The true and predicted class of every sample (binary: thresholded scores, else argmax), and the number of classes. */
export interface ClassPairs {
  kind: LabelKind;
  numClasses: number;
  actual: Int32Array;
  predicted: Int32Array;
}

/** Pairs labels with predictions as `kind` says (by default, as the shapes say). */
export function classPairs(owner: string, t: Tensor, p: Tensor, threshold: number, kind?: LabelKind): ClassPairs {
  const resolved = kind ?? labelKind(owner, t.shape, p.shape);
  if (resolved === 'binary') {
    const predicted = Int32Array.from(p.values, (v) => (v > threshold ? 1 : 0));
    return { kind: resolved, numClasses: 2, actual: binaryLabels(owner, t, p), predicted };
  }
  if (p.rank < 2) throw new ShapeError(`${owner}: expected yPred of shape [batch, classes], found ${fmtShape(p.shape)}`);
  const predicted = argMax(p, -1).values as Int32Array;
  const numClasses = p.shape[p.rank - 1]!;
  if (resolved === 'sparse') return { kind: resolved, numClasses, actual: sparseLabels(owner, t, p), predicted };
  if (!sameShape(t.shape, p.shape)) {
    throw new ShapeError(`${owner}: one-hot labels yTrue ${fmtShape(t.shape)} and yPred ${fmtShape(p.shape)} must have the same shape`);
  }
  return { kind: resolved, numClasses, actual: argMax(t, -1).values as Int32Array, predicted };
}
