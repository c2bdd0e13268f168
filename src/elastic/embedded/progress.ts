import { noGrad } from '../../autograd/tape.js';
import { ArgumentError } from '../../errors.js';
import type { CallbackList } from '../../nn/callbacks/callback.js';
import type { Compiled } from '../../nn/model/compileArgs.js';
import type { LayersModel } from '../../nn/model/layersModel.js';
import { takeRows } from '../../nn/model/batches.js';
import type { FitPlan } from '../../nn/model/training.js';
import { EpochLogs, endEpoch } from '../../nn/model/training.js';
import { Tensor } from '../../tensor/tensor.js';
import { restoreState } from '../state.js';
import type { GlobalBatches } from '../globalBatches.js';
import type { WorkerReport } from '../worker/reports.js';

type StepReport = Extract<WorkerReport, { type: 'step' }>;

/**
 * The host's side of an elastic fit: turns the workers' reports into the callbacks a local fit
 * would make, in order, each step once. Every member reports every step it applies; the first
 * report of a step counts, later ones (and steps redone after a rollback) are dropped. Metrics
 * are computed here from the global batch's outputs. At each epoch end the host's model takes
 * the workers' state (weights and optimizer), so validation, checkpoints and early stopping see
 * the model as it is; at the end of training it keeps the final state.
 */
export class FitProgress {
  /** The next step to hand to the callbacks. */
  private next: number;
  private epochOpen = false;
  private logs: EpochLogs | undefined;
  private readonly steps = new Map<number, StepReport>();
  private readonly states = new Map<number, Uint8Array>();
  private pumping: Promise<void> = Promise.resolve();
  private settle!: { resolve(): void; reject(err: Error): void };
  private over = false;
  private readonly learningRate: unknown;
  /** Resolves when training is over (the last epoch ended, or a callback stopped it). */
  readonly finished = new Promise<void>((resolve, reject) => (this.settle = { resolve, reject }));

  constructor(
    private readonly model: LayersModel,
    private readonly compiled: Compiled,
    private readonly plan: FitPlan,
    private readonly callbacks: CallbackList,
    private readonly batches: GlobalBatches,
    start: number,
  ) {
    this.next = start;
    this.learningRate = compiled.optimizer.learningRate;
  }

  report(report: WorkerReport): void {
    if (report.type === 'step' && report.step >= this.next && !this.steps.has(report.step)) this.steps.set(report.step, report);
    else if (report.type === 'state' && report.step >= this.next && !this.states.has(report.step)) this.states.set(report.step, report.bytes);
    else return;
    this.pumping = this.pumping.then(() => this.pump()).catch((err: Error) => this.fail(err));
  }

  fail(err: Error): void {
    this.over = true;
    this.settle.reject(err);
  }

  /** Hands every step (and epoch end) that can go next to the callbacks. */
  private async pump(): Promise<void> {
    const { steps } = this.plan;
    while (!this.over) {
      if (this.epochOpen && this.next % steps === 0) {
        const state = this.states.get(this.next);
        if (state === undefined) return;
        this.states.delete(this.next);
        await this.endEpoch(state);
        continue;
      }
      const step = this.steps.get(this.next);
      if (step === undefined) return;
      this.steps.delete(this.next);
      await this.batch(step);
      this.next++;
    }
  }

  private async batch(report: StepReport): Promise<void> {
    const epoch = Math.floor(report.step / this.plan.steps);
    const b = report.step % this.plan.steps;
    if (!this.epochOpen) {
      await this.callbacks.epochBegin(epoch, {});
      this.logs = new EpochLogs(this.compiled);
      this.epochOpen = true;
    }
    const rows = this.batches.rows(report.step);
    await this.callbacks.batchBegin(b, { batch: b, size: rows.length });
    if (report.predictions !== undefined) {
      const y = takeRows(this.plan.y, rows);
      const prediction = new Tensor(report.predictions, [rows.length, ...this.model.outputs[0]!.shape.slice(1).map((d) => d ?? 1)]);
      noGrad(() => this.compiled.metrics.forEach((m) => m.update(y, prediction)));
    }
    await this.callbacks.batchEnd(b, { batch: b, size: report.samples, ...this.logs!.add(report.loss, rows.length) });
  }

  private async endEpoch(state: Uint8Array): Promise<void> {
    restoreState(state, this.model, this.compiled.optimizer);
    const epoch = this.next / this.plan.steps - 1;
    this.epochOpen = false;
    await endEpoch(this.model, this.compiled, this.plan, this.callbacks, epoch, this.logs!.logs());
    if (this.compiled.optimizer.learningRate !== this.learningRate) {
      throw new ArgumentError(`${this.plan.op}: a callback changed the learning rate; elastic workers cannot follow that (use a learning-rate schedule)`);
    }
    if (this.model.stopTraining || this.next >= this.batches.totalSteps) {
      this.over = true;
      this.settle.resolve();
    }
  }
}
