import type { Compiled } from '../../nn/model/compileArgs.js';
import type { LayersModel } from '../../nn/model/layersModel.js';
import { takeRows } from '../../nn/model/batches.js';
import type { FitPlan } from '../../nn/model/training.js';
import { batchGradients, sampleWeightsOf } from '../../nn/model/training.js';
import { Tensor } from '../../tensor/tensor.js';
import { GlobalBatches } from '../globalBatches.js';
import type { Slice } from '../split.js';
import { encodeState, restoreState } from '../state.js';
import { StepLayout } from './stepLayout.js';

/** One member's copy of the model being trained, and the arithmetic of a step on it. */
export class Replica {
  /** The next step to run; every step before it has been applied. */
  step: number;
  /**
   * True while the state is the one the job started from, untouched: a member holding it has
   * nothing to offer a peer that has trained.
   */
  fresh = true;
  readonly batches: GlobalBatches;

  constructor(readonly model: LayersModel, readonly compiled: Compiled, readonly plan: FitPlan, start: number) {
    this.batches = new GlobalBatches(plan);
    this.step = start;
  }

  /** The layout of a step's numbers for a group of `members`, with or without the predictions. */
  layout(members: number, predictions: boolean): StepLayout {
    const outputSize = this.model.outputs[0]!.shape.slice(1).reduce((a: number, d) => a * (d ?? 1), 1);
    return new StepLayout(this.model.trainableWeights.map((v) => v.tensor.size), predictions ? this.plan.batchSize : 0, outputSize, members);
  }

  /**
   * Computes this member's part of step `step`: the gradients, loss share and predictions of
   * `slice` of the global batch, written into a zeroed `buffer`. Returns the seconds it took.
   */
  compute(step: number, slice: Slice, buffer: Float32Array, layout: StepLayout): number {
    const started = performance.now();
    buffer.fill(0);
    const rows = this.batches.rows(step);
    const mine = rows.subarray(slice.start, slice.end);
    if (mine.length === 0) return 0;
    const y = takeRows(this.plan.y, mine);
    const samples = { seed: this.plan.seed, step, rows: mine };
    const { loss, prediction } = batchGradients(this.model, this.compiled, takeRows(this.plan.x, mine), y, sampleWeightsOf(this.plan, y), rows.length, samples);
    this.model.trainableWeights.forEach((v, i) => {
      if (v.tensor.grad === null) return;
      buffer.set(v.tensor.grad.values, layout.gradients[i]!);
      buffer[layout.hasGradient + i] = 1;
    });
    for (const v of this.model.weights) v.tensor.grad = null;
    if (layout.predictionRows > 0) buffer.set(prediction.values, layout.predictions + slice.start * layout.outputSize);
    buffer[layout.loss] = loss;
    buffer[layout.samples] = mine.length;
    return (performance.now() - started) / 1000;
  }

  /** Applies the summed step in `buffer` (what every member applies alike) and moves to the next step. */
  apply(buffer: Float32Array, layout: StepLayout): void {
    const pairs = this.model.trainableWeights.flatMap((v, i) => {
      if (buffer[layout.hasGradient + i] === 0) return [];
      const at = layout.gradients[i]!;
      return [[v.tensor, new Tensor(buffer.slice(at, at + v.tensor.size), v.tensor.shape)] as const];
    });
    this.compiled.optimizer.applyGradients(pairs);
    this.step++;
    this.fresh = false;
  }

  encode(): Uint8Array {
    return encodeState(this.model, this.compiled.optimizer, this.step);
  }

  restore(bytes: Uint8Array): void {
    this.step = restoreState(bytes, this.model, this.compiled.optimizer);
    this.fresh = false;
  }
}
