import type { Tensor } from '../../tensor/tensor.js';
import type { ThresholdOptions } from './accuracy.js';
import { ConfusionMatrix } from './confusionMatrix.js';
import type { Metric } from './metric.js';

/** A metric with one value per class besides its overall result. */
export interface PerClassMetric extends Metric {
  /** One value per class (index = class); empty before any batch. */
  perClass(): number[];
}

/** A per-class score from the class's true positives and its predicted and actual counts. */
type Score = (truePositives: number, predicted: number, actual: number) => number;

// 0/0 is 0 by convention (as scikit-learn's zero_division=0 and Keras do).
const ratio = (a: number, b: number): number => (b === 0 ? 0 : a / b);

/**
 * Precision, recall or F1 from a confusion matrix. The result is the positive class's value
 * (class 1) for binary predictions, and the macro average (the unweighted mean over all classes)
 * for [batch, k] predictions. A class that is never predicted has precision 0, one that never
 * occurs has recall 0, and either way it still counts in the macro average.
 */
class ClassScore implements PerClassMetric {
  private readonly matrix: ConfusionMatrix;

  constructor(readonly name: string, private readonly score: Score, options?: ThresholdOptions) {
    this.matrix = new ConfusionMatrix(options, name);
  }

  update(yTrue: Tensor, yPred: Tensor): void {
    this.matrix.update(yTrue, yPred);
  }

  perClass(): number[] {
    const counts = this.matrix.result();
    return counts.map((row, c) => {
      const predicted = counts.reduce((n, r) => n + r[c]!, 0);
      const actual = row.reduce((n, v) => n + v, 0);
      return this.score(row[c]!, predicted, actual);
    });
  }

  result(): number {
    const values = this.perClass();
    if (values.length === 0) return 0;
    return this.matrix.kind === 'binary' ? values[1]! : values.reduce((s, v) => s + v, 0) / values.length;
  }

  reset(): void {
    this.matrix.reset();
  }
}

/** Of the samples predicted as a class, the fraction that are: tp / (tp + fp). */
export const precision = (options?: ThresholdOptions): PerClassMetric => new ClassScore('precision', (tp, predicted) => ratio(tp, predicted), options);

/** Of the samples of a class, the fraction predicted as it: tp / (tp + fn). */
export const recall = (options?: ThresholdOptions): PerClassMetric => new ClassScore('recall', (tp, _, actual) => ratio(tp, actual), options);

/** Harmonic mean of precision and recall: 2·tp / (2·tp + fp + fn); macro F1 averages the per-class F1s. */
export const f1 = (options?: ThresholdOptions): PerClassMetric => new ClassScore('f1', (tp, predicted, actual) => ratio(2 * tp, predicted + actual), options);
