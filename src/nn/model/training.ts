import { noGrad } from '../../autograd/tape.js';
import { ArgumentError, ShapeError } from '../../errors.js';
import { add, mul } from '../../tensor/ops/arithmetic.js';
import { argMax, mean, sum } from '../../tensor/ops/reduction.js';
import { Random, globalRandom } from '../../tensor/random.js';
import { Tensor } from '../../tensor/tensor.js';
import { CallbackList } from '../callbacks/callback.js';
import type { Logs } from '../callbacks/callback.js';
import { History } from '../callbacks/history.js';
import { ProgressBar } from '../callbacks/progressBar.js';
import { checkBatchSize, checkSamples, rangeRows, shuffledRows, takeRows } from './batches.js';
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

/** One optimizer step on one batch; metrics accumulate into their running state. */
export function trainBatch(model: LayersModel, compiled: Compiled, x: Tensor, y: Tensor, sampleWeights: Tensor | undefined): Logs {
  checkSamples(`${model.name}.trainOnBatch`, x, y);
  const out = model.call(x, true);
  const perSample = compiled.loss.perSample(y, out);
  let loss = mean(sampleWeights === undefined ? perSample : mul(perSample, sampleWeights));
  const penalty = regularization(model);
  if (penalty !== undefined) loss = add(loss, penalty);
  loss.backward();
  compiled.optimizer.step(model.trainableWeights.map((v) => v.tensor));
  // Frozen layers' weights may have collected gradients too; nothing will apply them.
  for (const v of model.weights) v.tensor.grad = null;
  const prediction = out.detach();
  noGrad(() => compiled.metrics.forEach((m) => m.update(y, prediction)));
  return { loss: loss.item(), ...metricLogs(compiled) };
}

/** Per-sample weights from class weights, by the class index of each label. */
function classWeightsFor(op: string, classWeight: Record<number, number>, y: Tensor): Tensor {
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
  const nTrain = trainX.shape[0]!;
  const steps = Math.ceil(nTrain / batchSize);
  const rng = new Random(args.seed ?? Math.floor(globalRandom.next() * 2 ** 32));
  const history = new History();
  // History goes last so it records what other callbacks add to the logs (the learning rate).
  const callbacks = new CallbackList([...(args.verbose === 0 ? [] : [new ProgressBar()]), ...(args.callbacks ?? []), history]);
  const metricNames = ['loss', ...compiled.metrics.map((m) => m.name)];
  callbacks.setup(model, {
    epochs, initialEpoch, steps, samples: nTrain, batchSize,
    metrics: validation === undefined ? metricNames : [...metricNames, ...metricNames.map((k) => `val_${k}`)],
  });
  model.stopTraining = false;
  await callbacks.trainBegin({});
  for (let epoch = initialEpoch; epoch < epochs && !model.stopTraining; epoch++) {
    await callbacks.epochBegin(epoch, {});
    compiled.metrics.forEach((m) => m.reset());
    const order = args.shuffle === false ? rangeRows(0, nTrain) : shuffledRows(nTrain, rng);
    let lossSum = 0;
    let seen = 0;
    let lastYield = performance.now();
    let batchLogs: Logs = {};
    for (let b = 0; b < steps; b++) {
      const rows = order.subarray(b * batchSize, Math.min(nTrain, (b + 1) * batchSize));
      await callbacks.batchBegin(b, { batch: b, size: rows.length });
      const yb = takeRows(trainY, rows);
      const weights = args.classWeight === undefined ? undefined : classWeightsFor(op, args.classWeight, yb);
      const logs = trainBatch(model, compiled, takeRows(trainX, rows), yb, weights);
      lossSum += logs['loss']! * rows.length;
      seen += rows.length;
      batchLogs = { ...logs, loss: lossSum / seen };
      await callbacks.batchEnd(b, { batch: b, size: rows.length, ...batchLogs });
      if (performance.now() - lastYield > 100) {
        await yieldToEventLoop();
        lastYield = performance.now();
      }
    }
    const epochLogs: Logs = { ...batchLogs };
    if (validation !== undefined) {
      const val = evaluateTensors(model, compiled, validation[0], validation[1], batchSize);
      for (const [k, v] of Object.entries(val)) epochLogs[`val_${k}`] = v;
    }
    await callbacks.epochEnd(epoch, epochLogs);
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

