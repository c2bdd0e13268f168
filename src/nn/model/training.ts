import { noGrad } from '../../autograd/tape.js';
import { ArgumentError, ShapeError } from '../../errors.js';
import { add, mul } from '../../tensor/ops/arithmetic.js';
import { argMax, sum } from '../../tensor/ops/reduction.js';
import { globalRandom } from '../../tensor/random.js';
import { Tensor } from '../../tensor/tensor.js';
import { CallbackList } from '../callbacks/callback.js';
import type { Logs } from '../callbacks/callback.js';
import { History } from '../callbacks/history.js';
import { ProgressBar } from '../callbacks/progressBar.js';
import { withSampleRandomness } from '../sampleRandomness.js';
import type { SampleKey } from '../sampleRandomness.js';
import { checkBatchSize, checkSamples, epochOrder, rangeRows, takeRows } from './batches.js';
import type { Compiled } from './compileArgs.js';
import type { FitArgs, LayersModel } from './layersModel.js';

/** Rejects NaN and infinities in training data: they would turn every weight into NaN silently. */
function checkFinite(op: string, name: string, t: Tensor): void {
  if (t.dtype !== 'float32') return;
  const v = t.values;
  for (let i = 0; i < v.length; i++) {
    if (!Number.isFinite(v[i]!)) {
      throw new ArgumentError(`${op}: ${name} holds ${v[i]} at flat index ${i} (sample ${Math.floor(i / (t.size / t.shape[0]!))}); clean the data first`);
    }
  }
}

function metricLogs(compiled: Compiled): Logs {
  const logs: Logs = {};
  for (const m of compiled.metrics) logs[m.name] = m.result();
  return logs;
}

function regularization(model: LayersModel): Tensor | undefined {
  const terms = model.layers.flatMap((l) => l.regularizationLosses());
  return terms.length === 0 ? undefined : terms.reduce((a, b) => add(a, b));
}

/**
 * Forward and backward on `x`, one part of a global batch of `globalBatch` samples: the loss is
 * the part's share of the global batch's mean loss (its per-sample losses summed, divided by
 * `globalBatch`, plus the regularization penalty in proportion to the part's size), so the
 * gradients of all parts add up to the gradient of the whole batch. Leaves each trainable
 * weight's gradient in its `.grad`; returns the part's share of the loss and the predictions.
 */
export function batchGradients(model: LayersModel, compiled: Compiled, x: Tensor, y: Tensor, sampleWeights: Tensor | undefined, globalBatch: number, samples?: SampleKey): { loss: number; prediction: Tensor } {
  const rows = checkSamples(`${model.name}.trainOnBatch`, x, y);
  const out = withSampleRandomness(samples, () => model.call(x, true));
  const perSample = compiled.loss.perSample(y, out);
  let loss = mul(sum(sampleWeights === undefined ? perSample : mul(perSample, sampleWeights)), 1 / globalBatch);
  const penalty = regularization(model);
  if (penalty !== undefined) loss = add(loss, rows === globalBatch ? penalty : mul(penalty, rows / globalBatch));
  loss.backward();
  return { loss: loss.item(), prediction: out.detach() };
}

/** One optimizer step on one batch; metrics accumulate into their running state. */
export function trainBatch(model: LayersModel, compiled: Compiled, x: Tensor, y: Tensor, sampleWeights: Tensor | undefined, samples?: SampleKey): Logs {
  const { loss, prediction } = batchGradients(model, compiled, x, y, sampleWeights, x.shape[0]!, samples);
  compiled.optimizer.step(model.trainableWeights.map((v) => v.tensor));
  // Frozen layers' weights may have collected gradients too; nothing will apply them.
  for (const v of model.weights) v.tensor.grad = null;
  noGrad(() => compiled.metrics.forEach((m) => m.update(y, prediction)));
  return { loss, ...metricLogs(compiled) };
}

/** Per-sample weights from class weights, by the class index of each label. */
export function classWeightsFor(op: string, classWeight: Record<number, number>, y: Tensor): Tensor {
  const classes = y.rank >= 2 && y.shape[y.rank - 1]! > 1 ? argMax(y, -1).values : y.values;
  const weights = new Float32Array(classes.length);
  for (let i = 0; i < classes.length; i++) {
    const c = Math.round(classes[i]!);
    const w = classWeight[c];
    if (w === undefined) throw new ArgumentError(`${op}: classWeight has no entry for class ${c}`);
    weights[i] = w;
  }
  return new Tensor(weights, [weights.length]);
}

/** What one fit will do: its training and validation data, epochs, batches and shuffling. */
export interface FitPlan {
  op: string;
  epochs: number;
  initialEpoch: number;
  batchSize: number;
  shuffle: boolean;
  /** Seed of the epochs' shuffling (`epochOrder`). */
  seed: number;
  x: Tensor;
  y: Tensor;
  validation: [Tensor, Tensor] | undefined;
  classWeight: Record<number, number> | undefined;
  /** Training samples, and batches per epoch. */
  samples: number;
  steps: number;
}

/** Checks fit's arguments and data and holds the validation samples out. */
export function planFit(model: LayersModel, x: Tensor, y: Tensor, args: FitArgs): FitPlan {
  const op = `${model.name}.fit`;
  const n = checkSamples(op, x, y);
  const { epochs, batchSize, initialEpoch, split } = checkFitArgs(op, args);
  checkFinite(op, 'x', x);
  checkFinite(op, 'y', y);
  let validation = args.validationData;
  let trainX = x;
  let trainY = y;
  if (validation === undefined && split > 0) {
    const nVal = Math.floor(n * split);
    if (nVal === 0 || nVal === n) throw new ShapeError(`${op}: validationSplit ${split} of ${n} samples leaves an empty split`);
    validation = [takeRows(x, rangeRows(n - nVal, n)), takeRows(y, rangeRows(n - nVal, n))];
    trainX = takeRows(x, rangeRows(0, n - nVal));
    trainY = takeRows(y, rangeRows(0, n - nVal));
  }
  if (validation !== undefined) checkSamples(`${op} (validation)`, validation[0], validation[1]);
  const samples = trainX.shape[0]!;
  return {
    op, epochs, initialEpoch, batchSize, shuffle: args.shuffle !== false, seed: args.seed ?? globalRandom.nextUint32(),
    x: trainX, y: trainY, validation, classWeight: args.classWeight, samples, steps: Math.ceil(samples / batchSize),
  };
}

/** The training-sample weights of the rows `y` holds (undefined without class weights). */
export function sampleWeightsOf(plan: FitPlan, y: Tensor): Tensor | undefined {
  return plan.classWeight === undefined ? undefined : classWeightsFor(plan.op, plan.classWeight, y);
}

/** Batch `b` of an epoch whose order is `order`. */
export function batchOf(plan: Pick<FitPlan, 'batchSize' | 'samples'>, order: Int32Array, b: number): Int32Array {
  return order.subarray(b * plan.batchSize, Math.min(plan.samples, (b + 1) * plan.batchSize));
}

/** The callbacks of a fit (progress bar unless silent, the user's, the History last), set up. */
/** `status`: more for the progress bar to show (elastic training's StepStatus). */
export function fitCallbacks(model: LayersModel, compiled: Compiled, plan: FitPlan, args: FitArgs, status?: () => string): { callbacks: CallbackList; history: History } {
  const history = new History();
  // History goes last so it records what other callbacks add to the logs (the learning rate).
  const callbacks = new CallbackList([...(args.verbose === 0 ? [] : [new ProgressBar(process.stderr, status)]), ...(args.callbacks ?? []), history]);
  const metricNames = ['loss', ...compiled.metrics.map((m) => m.name)];
  callbacks.setup(model, {
    epochs: plan.epochs, initialEpoch: plan.initialEpoch, steps: plan.steps, samples: plan.samples, batchSize: plan.batchSize,
    metrics: plan.validation === undefined ? metricNames : [...metricNames, ...metricNames.map((k) => `val_${k}`)],
  });
  return { callbacks, history };
}

/** The running logs of an epoch: the sample-weighted mean loss and the metrics so far. */
export class EpochLogs {
  private lossSum = 0;
  private seen = 0;

  constructor(private readonly compiled: Compiled) {
    compiled.metrics.forEach((m) => m.reset());
  }

  /** Adds a batch of `rows` samples whose mean loss is `loss` (its metrics are already updated). */
  add(loss: number, rows: number): Logs {
    this.lossSum += loss * rows;
    this.seen += rows;
    return this.logs();
  }

  logs(): Logs {
    return this.seen === 0 ? {} : { loss: this.lossSum / this.seen, ...metricLogs(this.compiled) };
  }
}

/** The end of an epoch: validation (with the model's current weights), then the callbacks. */
export async function endEpoch(model: LayersModel, compiled: Compiled, plan: FitPlan, callbacks: CallbackList, epoch: number, logs: Logs): Promise<void> {
  const epochLogs: Logs = { ...logs };
  if (plan.validation !== undefined) {
    const val = evaluateTensors(model, compiled, plan.validation[0], plan.validation[1], plan.batchSize);
    for (const [k, v] of Object.entries(val)) epochLogs[`val_${k}`] = v;
  }
  await callbacks.epochEnd(epoch, epochLogs);
}

function checkFitArgs(op: string, args: FitArgs): { epochs: number; batchSize: number; initialEpoch: number; split: number } {
  const epochs = args.epochs ?? 1;
  const initialEpoch = args.initialEpoch ?? 0;
  if (!Number.isInteger(epochs) || epochs < 1) throw new ArgumentError(`${op}: epochs must be a positive integer, found ${JSON.stringify(args.epochs)}`);
  if (!Number.isInteger(initialEpoch) || initialEpoch < 0 || initialEpoch >= epochs) {
    throw new ArgumentError(`${op}: initialEpoch must be an integer in [0, epochs), found ${JSON.stringify(args.initialEpoch)}`);
  }
  const split = args.validationSplit ?? 0;
  if (!(split >= 0 && split < 1)) throw new ArgumentError(`${op}: validationSplit must be in [0, 1), found ${JSON.stringify(args.validationSplit)}`);
  if (args.validationData !== undefined && (!Array.isArray(args.validationData) || args.validationData.length !== 2)) {
    throw new ArgumentError(`${op}: validationData must be [x, y]`);
  }
  if (args.classWeight !== undefined && (typeof args.classWeight !== 'object' || Object.values(args.classWeight).some((w) => !(w >= 0)))) {
    throw new ArgumentError(`${op}: classWeight must map class indices to weights >= 0, found ${JSON.stringify(args.classWeight)}`);
  }
  return { epochs, batchSize: checkBatchSize(op, args.batchSize ?? 32), initialEpoch, split };
}

/** Lets timers and I/O (progress output, dashboards, signals) run during a long epoch. */
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

export async function fitTensors(model: LayersModel, compiled: Compiled, x: Tensor, y: Tensor, args: FitArgs): Promise<History> {
  const plan = planFit(model, x, y, args);
  const { callbacks, history } = fitCallbacks(model, compiled, plan, args);
  model.stopTraining = false;
  await callbacks.trainBegin({});
  for (let epoch = plan.initialEpoch; epoch < plan.epochs && !model.stopTraining; epoch++) {
    await callbacks.epochBegin(epoch, {});
    const running = new EpochLogs(compiled);
    const order = epochOrder(plan.samples, plan.seed, epoch, plan.shuffle);
    let lastYield = performance.now();
    for (let b = 0; b < plan.steps; b++) {
      const rows = batchOf(plan, order, b);
      await callbacks.batchBegin(b, { batch: b, size: rows.length });
      const yb = takeRows(plan.y, rows);
      const samples = { seed: plan.seed, step: epoch * plan.steps + b, rows };
      const { loss } = trainBatch(model, compiled, takeRows(plan.x, rows), yb, sampleWeightsOf(plan, yb), samples);
      await callbacks.batchEnd(b, { batch: b, size: rows.length, ...running.add(loss, rows.length) });
      if (performance.now() - lastYield > 100) {
        await yieldToEventLoop();
        lastYield = performance.now();
      }
    }
    await endEpoch(model, compiled, plan, callbacks, epoch, running.logs());
  }
  await callbacks.trainEnd({});
  return history;
}

export function evaluateTensors(model: LayersModel, compiled: Compiled, x: Tensor, y: Tensor, batchSize: number): Record<string, number> {
  const n = checkSamples(`${model.name}.evaluate`, x, y);
  compiled.metrics.forEach((m) => m.reset());
  let lossSum = 0;
  noGrad(() => {
    for (let start = 0; start < n; start += batchSize) {
      const rows = rangeRows(start, Math.min(n, start + batchSize));
      const xb = takeRows(x, rows);
      const yb = takeRows(y, rows);
      const out = model.call(xb, false);
      lossSum += sum(compiled.loss.perSample(yb, out)).item();
      compiled.metrics.forEach((m) => m.update(yb, out));
    }
  });
  const penalty = noGrad(() => regularization(model)?.item() ?? 0);
  return { loss: lossSum / n + penalty, ...metricLogs(compiled) };
}

