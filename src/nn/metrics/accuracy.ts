import type { Tensor } from '../../tensor/tensor.js';
import { checkNumber, checkOptions } from '../checks.js';
import type { LabelKind } from './classes.js';
import { binaryLabels, classPairs, labelKind, metricInputs } from './classes.js';
import type { Metric } from './metric.js';

export interface ThresholdOptions {
  /** A binary prediction counts as positive above this (default 0.5; use 0 for logits). */
  threshold?: number;
}

export function checkThreshold(owner: string, options: ThresholdOptions | undefined): number {
  return checkNumber(owner, 'threshold', checkOptions(owner, options).threshold ?? 0.5);
}

type Count = (yTrue: Tensor, yPred: Tensor) => { matches: number; total: number };

/** The fraction of matches over every batch since the last reset (0 before any). */
class MatchRate implements Metric {
  private matches = 0;
  private total = 0;

  constructor(readonly name: string, private readonly count: Count) {}

  update(yTrue: Tensor, yPred: Tensor): void {
    const { matches, total } = this.count(...metricInputs(this.name, yTrue, yPred));
    this.matches += matches;
    this.total += total;
  }

  result(): number {
    return this.total === 0 ? 0 : this.matches / this.total;
  }

  reset(): void {
    this.matches = 0;
    this.total = 0;
  }
}

/**
 * Binary: every output is its own prediction (yPred > threshold against a 0/1 label), so
 * multi-label outputs count each label, as in Keras. Otherwise one match per sample: argmax
 * prediction against the class label.
 */
function countMatches(owner: string, kind: LabelKind, threshold: number): Count {
  if (kind === 'binary') {
    return (yTrue, yPred) => {
      const labels = binaryLabels(owner, yTrue, yPred);
      const scores = yPred.values;
      return { matches: labels.reduce((n, y, i) => n + ((scores[i]! > threshold ? 1 : 0) === y ? 1 : 0), 0), total: labels.length };
    };
  }
  return (yTrue, yPred) => {
    const { actual, predicted } = classPairs(owner, yTrue, yPred, threshold, kind);
    return { matches: actual.reduce((n, a, i) => n + (a === predicted[i] ? 1 : 0), 0), total: actual.length };
  };
}

/** Fraction of outputs where `yPred > threshold` equals the 0/1 label. */
export function binaryAccuracy(options?: ThresholdOptions): Metric {
  const name = 'binaryAccuracy';
  return new MatchRate(name, countMatches(name, 'binary', checkThreshold(name, options)));
}

/** Fraction of samples whose argmax prediction is the argmax of the one-hot label. */
export function categoricalAccuracy(): Metric {
  return new MatchRate('categoricalAccuracy', countMatches('categoricalAccuracy', 'oneHot', 0.5));
}

/** Fraction of samples whose argmax prediction is the int32 class label. */
export function sparseCategoricalAccuracy(): Metric {
  return new MatchRate('sparseCategoricalAccuracy', countMatches('sparseCategoricalAccuracy', 'sparse', 0.5));
}

/**
 * The accuracy that fits these shapes, by Keras' rule: binary when predictions are [batch] or
 * [batch, 1], categorical when labels have the predictions' shape, sparse when labels are class
 * indices [batch].
 */
export function accuracyFor(yTrueShape: readonly number[], yPredShape: readonly number[], options?: ThresholdOptions): Metric {
  const kind = labelKind('accuracy', yTrueShape, yPredShape);
  return kind === 'binary' ? binaryAccuracy(options) : kind === 'oneHot' ? categoricalAccuracy() : sparseCategoricalAccuracy();
}

/** 'accuracy': which one (see `accuracyFor`) is decided by the shapes of the first batch. */
export function accuracy(options?: ThresholdOptions): Metric {
  const threshold = checkThreshold('accuracy', options);
  let count: Count | undefined;
  return new MatchRate('accuracy', (yTrue, yPred) => {
    count ??= countMatches('accuracy', labelKind('accuracy', yTrue.shape, yPred.shape), threshold);
    return count(yTrue, yPred);
  });
}
