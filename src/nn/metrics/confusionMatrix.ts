import { ShapeError } from '../../errors.js';
import type { Tensor } from '../../tensor/tensor.js';
import type { ThresholdOptions } from './accuracy.js';
import { checkThreshold } from './accuracy.js';
import type { LabelKind } from './classes.js';
import { classPairs, metricInputs } from './classes.js';

/**
 * Counts of (true class, predicted class) over every batch since the last reset: row = true
 * class, column = predicted class. Binary predictions ([batch] or [batch, 1]) give a 2 x 2
 * matrix with class 1 positive; [batch, k] predictions a k x k one (argmax). The size is fixed
 * by the first batch.
 */
export class ConfusionMatrix {
  readonly name: string;
  private readonly threshold: number;
  private counts: number[][] = [];
  private labelKind: LabelKind | undefined;

  constructor(options?: ThresholdOptions, name = 'confusionMatrix') {
    this.name = name;
    this.threshold = checkThreshold(name, options);
  }

  /** How labels and predictions paired up in the first batch; undefined before any. */
  get kind(): LabelKind | undefined {
    return this.labelKind;
  }

  get numClasses(): number {
    return this.counts.length;
  }

  update(yTrue: Tensor, yPred: Tensor): void {
    const [t, p] = metricInputs(this.name, yTrue, yPred);
    const { kind, numClasses, actual, predicted } = classPairs(this.name, t, p, this.threshold, this.labelKind);
    if (this.labelKind === undefined) {
      this.counts = Array.from({ length: numClasses }, () => new Array<number>(numClasses).fill(0));
      this.labelKind = kind;
    } else if (numClasses !== this.numClasses) {
      throw new ShapeError(`${this.name}: earlier batches had ${this.numClasses} classes, this one has ${numClasses}`);
    }
    actual.forEach((a, i) => this.counts[a]![predicted[i]!]!++);
  }

  /** A copy of the counts, `k x k`. */
  result(): number[][] {
    return this.counts.map((row) => row.slice());
  }

  reset(): void {
    this.counts = [];
    this.labelKind = undefined;
  }
}
