import { epochOrder } from '../nn/model/batches.js';
import type { FitPlan } from '../nn/model/training.js';
import { batchOf } from '../nn/model/training.js';

/**
 * The global batches of a fit, numbered from the start of training: step s is batch
 * `s % plan.steps` of epoch `floor(s / plan.steps)`. Any process computes the same rows for a
 * step from the plan alone (the epoch's order follows from the seed), which is what lets the
 * members of every generation split the same batch and every epoch visit each sample once.
 */
export class GlobalBatches {
  readonly totalSteps: number;
  private order: { epoch: number; rows: Int32Array } | undefined;

  constructor(readonly plan: Pick<FitPlan, 'epochs' | 'steps' | 'samples' | 'seed' | 'shuffle' | 'batchSize'>) {
    this.totalSteps = plan.epochs * plan.steps;
  }

  /** The rows (sample indices) of step `step`'s global batch. */
  rows(step: number): Int32Array {
    const epoch = Math.floor(step / this.plan.steps);
    if (this.order?.epoch !== epoch) this.order = { epoch, rows: epochOrder(this.plan.samples, this.plan.seed, epoch, this.plan.shuffle) };
    return batchOf(this.plan, this.order.rows, step % this.plan.steps);
  }
}
