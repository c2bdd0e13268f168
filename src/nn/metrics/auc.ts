import { ArgumentError, ShapeError, fmtShape } from '../../errors.js';
import type { Tensor } from '../../tensor/tensor.js';
import { binaryLabels, labelKind, metricInputs } from './classes.js';
import type { Metric } from './metric.js';

/**
 * Area under the ROC curve for binary predictions ([batch] or [batch, 1] scores: probabilities
 * or logits, any monotone score works), exact rather than Keras' thresholded approximation: every
 * score of every batch since the last reset is kept, and the AUC is the Mann–Whitney statistic
 *
 *     AUC = (Σ rank of positives − P(P + 1)/2) / (P · N)
 *
 * with tied scores given their average rank, so a positive and a negative with equal scores
 * count one half. With no positives or no negatives it is undefined; the result is 0 then, as
 * Keras gives.
 */
export class AUC implements Metric {
  readonly name = 'auc';
  private scores: number[] = [];
  private labels: number[] = [];

  update(yTrue: Tensor, yPred: Tensor): void {
    const [t, p] = metricInputs(this.name, yTrue, yPred);
    if (labelKind(this.name, t.shape, p.shape) !== 'binary') {
      throw new ShapeError(`${this.name}: expected binary scores yPred [batch] or [batch, 1], found ${fmtShape(p.shape)}`);
    }
    const labels = binaryLabels(this.name, t, p);
    const scores = p.values;
    scores.forEach((score, i) => {
      if (!Number.isFinite(score)) throw new ArgumentError(`${this.name}: score ${score} at position ${i} is not a finite number`);
    });
    // One element at a time: spreading a large batch into push() can overflow the call stack.
    for (let i = 0; i < scores.length; i++) {
      this.scores.push(scores[i]!);
      this.labels.push(labels[i]!);
    }
  }

  result(): number {
    const order = this.scores.map((_, i) => i).sort((a, b) => this.scores[a]! - this.scores[b]!);
    let positiveRankSum = 0;
    let positives = 0;
    for (let start = 0; start < order.length;) {
      let end = start;
      while (end < order.length && this.scores[order[end]!] === this.scores[order[start]!]) end++;
      const averageRank = (start + 1 + end) / 2; // ranks start+1 .. end share their mean
      for (let i = start; i < end; i++) {
        if (this.labels[order[i]!] === 1) {
          positiveRankSum += averageRank;
          positives++;
        }
      }
      start = end;
    }
    const negatives = order.length - positives;
    if (positives === 0 || negatives === 0) return 0;
    return (positiveRankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
  }

  reset(): void {
    this.scores = [];
    this.labels = [];
  }
}

export const auc = (): Metric => new AUC();
