/**
 * `model.fit(x, y, { workers, elastic })`: the embedded elastic job. The host thread runs the
 * store (MemoryStore), the coordinator, the shared-memory groups and the fit's callbacks; each
 * worker is a thread training on its slice of every global batch (the worker runtime). The
 * host's model is updated at every epoch end and holds the final weights and optimizer state
 * when fit returns.
 */
import { randomUUID } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { ArgumentError } from '../../errors.js';
import { modelArtifacts } from '../../io/tfjs/save.js';
import type { History } from '../../nn/callbacks/history.js';
import type { Compiled } from '../../nn/model/compileArgs.js';
import type { FitArgs, LayersModel } from '../../nn/model/layersModel.js';
import type { FitPlan } from '../../nn/model/training.js';
import { fitCallbacks, planFit } from '../../nn/model/training.js';
import type { Tensor } from '../../tensor/tensor.js';
import { Checkpoints } from '../checkpoint.js';
import { SharedMemoryGroups } from '../collective/sharedMemoryGroups.js';
import { Coordinator } from '../coordinator.js';
import { GlobalBatches } from '../globalBatches.js';
import type { ElasticJob, ElasticOptions } from '../options.js';
import { MemoryStore } from '../store/memory.js';
import { StepStatus } from '../stepStatus.js';
import type { WorkerReport } from '../worker/reports.js';
import { FitProgress } from './progress.js';
import type { SharedTensor } from './threadJob.js';
import { WorkerThreads } from './workerThreads.js';

/** A copy of `t`'s values in shared memory. */
function shared(t: Tensor): SharedTensor {
  const buffer = new SharedArrayBuffer(t.values.byteLength);
  const values = t.dtype === 'int32' ? new Int32Array(buffer) : new Float32Array(buffer);
  values.set(t.values);
  return { values, shape: [...t.shape] };
}

function positiveInteger(op: string, name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !(Number.isInteger(value) || value === Infinity) || value < 1) {
    throw new ArgumentError(`${op}: ${name} must be a positive integer, found ${JSON.stringify(value)}`);
  }
  return value;
}

/** The step to start at: the plan's first epoch, or the checkpoint's step when resuming (which also sets the model's state). */
function startingPoint(op: string, model: LayersModel, compiled: Compiled, plan: FitPlan, options: ElasticOptions, checkpoints: Checkpoints | undefined): number {
  if (options.resume !== true) return plan.initialEpoch * plan.steps;
  if (checkpoints === undefined) throw new ArgumentError(`${op}: elastic.resume needs elastic.checkpoint.dir`);
  const latest = checkpoints.latest();
  if (latest === undefined) throw new ArgumentError(`${op}: elastic.resume: no checkpoint in ${checkpoints.dir}`);
  if (latest.batchSize !== plan.batchSize || latest.samples !== plan.samples) {
    throw new ArgumentError(`${op}: elastic.resume: the checkpoint trained ${latest.samples} samples in batches of ${latest.batchSize}; this fit has ${plan.samples} in batches of ${plan.batchSize}`);
  }
  checkpoints.restore(latest.path, model, compiled.optimizer);
  plan.seed = latest.seed;
  return latest.step;
}

export async function fitElastic(model: LayersModel, compiled: Compiled, x: Tensor, y: Tensor, args: FitArgs): Promise<History> {
  const plan = planFit(model, x, y, args);
  const { op } = plan;
  const options = args.elastic ?? {};
  const workers = positiveInteger(op, 'workers', args.workers, 1);
  const minWorkers = positiveInteger(op, 'elastic.minWorkers', options.minWorkers, 1);
  const maxWorkers = positiveInteger(op, 'elastic.maxWorkers', options.maxWorkers, Infinity);
  const leaseMs = positiveInteger(op, 'elastic.leaseMs', options.leaseMs, 10_000);
  const job = randomUUID();
  const checkpoint = options.checkpoint === undefined ? undefined : {
    dir: options.checkpoint.dir,
    every: positiveInteger(op, 'elastic.checkpoint.every', options.checkpoint.every, 100),
    keep: positiveInteger(op, 'elastic.checkpoint.keep', options.checkpoint.keep, 3),
    job,
  };
  const checkpoints = checkpoint === undefined ? undefined : new Checkpoints(checkpoint.dir, checkpoint.keep);
  const start = startingPoint(op, model, compiled, plan, options, checkpoints);
  const status = new StepStatus();
  const { callbacks, history } = fitCallbacks(model, compiled, plan, args, () => status.line());

  const artifacts = modelArtifacts(model, compiled, { includeOptimizer: true });
  const { x: trainX, y: trainY, validation, ...planFields } = plan;
  const store = new MemoryStore();
  const groups = new SharedMemoryGroups();
  const published = await store.subscribe((event) => event.type === 'generation' && groups.published(event.generation));
  const progress = new FitProgress(model, compiled, plan, callbacks, new GlobalBatches(plan), start);
  const joined = new Set<string>();
  let allJoined: () => void = () => undefined;
  const onReport = (report: WorkerReport): void => {
    options.onReport?.(report);
    status.report(report);
    progress.report(report);
    if (report.type === 'joined' && joined.add(report.member).size === workers) allJoined();
  };
  const threads = new WorkerThreads({
    model: { json: artifacts.modelJson('weights.bin'), data: artifacts.data },
    x: shared(trainX), y: shared(trainY), plan: planFields, start,
    leaseMs, pollMs: Math.min(1000, leaseMs / 4), collectiveTimeoutMs: positiveInteger(op, 'elastic.collectiveTimeoutMs', options.collectiveTimeoutMs, 60_000),
    stepDeadlineMs: options.stepDeadlineMs === undefined ? undefined : positiveInteger(op, 'elastic.stepDeadlineMs', options.stepDeadlineMs, 1),
    predictions: compiled.metrics.length > 0, threads: Math.max(1, Math.floor(availableParallelism() / workers)), checkpoint,
  }, store, groups, onReport, (err) => progress.fail(err));
  const coordinator = new Coordinator(store, {
    id: 'host', minWorkers, maxWorkers, leaseMs, settleMs: options.settleMs ?? 20, pollMs: Math.min(1000, leaseMs / 4),
    onError: (err) => progress.fail(err),
  });
  const handle: ElasticJob = {
    addWorker: () => threads.add(),
    removeWorker: (member) => threads.leave(member),
    killWorker: (member) => threads.kill(member),
    workers: () => threads.members(),
  };

  model.stopTraining = false;
  try {
    await callbacks.trainBegin({});
    // The first generation waits for the workers asked for, so it is not followed at once by another.
    const ready = new Promise<void>((resolve) => (allJoined = resolve));
    for (let i = 0; i < workers; i++) threads.add();
    await Promise.race([ready, progress.finished]);
    await coordinator.start();
    options.onStart?.(handle);
    await progress.finished;
  } finally {
    await coordinator.stop();
    await threads.killAll();
    groups.abortAll();
    await published.close();
    await store.close();
  }
  await callbacks.trainEnd({});
  return history;
}
