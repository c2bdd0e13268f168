/**
 * The embedded side of the elastic benchmarks: `fit(x, y, { workers })` on worker threads of
 * this process (shared-memory sums). MNIST's first 12,800 samples, the MLP 784-128-10, Adam,
 * global batch 512. Each worker thread takes cores / workers threads for its kernels.
 */
import { availableParallelism } from 'node:os';
import type { ElasticJob } from '../../src/elastic/options.js';
import type { WorkerReport } from '../../src/elastic/worker/reports.js';
import * as tl from '../../src/index.js';
import { BATCH } from './tensileProcesses.js';
import type { Joining, Recovery, Throughput } from './measures.js';

const SAMPLES = 12_800;

function mlp(): tl.LayersModel {
  tl.setSeed(1);
  const model = tl.sequential([
    tl.layers.flatten({ inputShape: [28, 28, 1] }),
    tl.layers.dense({ units: 128, activation: 'relu' }),
    tl.layers.dense({ units: 10, activation: 'softmax' }),
  ]);
  model.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy' });
  return model;
}

let data: { x: tl.Tensor; y: tl.Tensor } | undefined;
function mnist(): { x: tl.Tensor; y: tl.Tensor } {
  if (data !== undefined) return data;
  const { train } = tl.io.loadMnist();
  const rows = Array.from({ length: SAMPLES }, (_, i) => i);
  return (data = { x: tl.gather(train.x, rows), y: tl.gather(train.y, rows) });
}

/**
 * Samples per second from step 20 to the last of `epochs` epochs (start-up and warm-up excluded;
 * 25 steps an epoch) of a local fit (`workers` undefined, on the cores this process may use) or
 * of `workers` threads.
 */
export async function throughput(workers: number | undefined, epochs = 13): Promise<Throughput> {
  const { x, y } = mnist();
  const times: number[] = [];
  const record = (): void => void times.push(performance.now());
  const args: tl.FitArgs = { epochs, batchSize: BATCH, verbose: 0, seed: 1 };
  if (workers === undefined) await mlp().fit(x, y, { ...args, callbacks: [{ onBatchEnd: record }] });
  else await mlp().fit(x, y, { ...args, workers, elastic: { onReport: (r) => r.type === 'step' && record() } });
  // Every member reports every step; keep one time per step.
  const perStep = workers === undefined ? times : times.filter((_, i) => i % workers === workers - 1);
  const measured = perStep.slice(20);
  const rate = ((measured.length - 1) * BATCH) / ((measured.at(-1)! - measured[0]!) / 1000);
  return { rate, threads: Math.max(1, Math.floor(availableParallelism() / (workers ?? 1))) };
}

/** Kills one of 3 workers `rounds` times (adding a new one back each time): ms from each kill to the next committed step. */
export async function recovery(rounds = 5): Promise<Recovery> {
  const { x, y } = mnist();
  const result: Recovery = { ms: [], survivorsRestarted: 0, survivors: 0, redone: [], note: 'terminate() of the oldest worker thread' };
  let job!: ElasticJob;
  let killedAt: number | undefined;
  let lastStep = -1;
  const seen = new Set<string>();
  const applied = new Map<string, number>();
  let redone = 0;
  const onReport = (r: WorkerReport): void => {
    // A restarted member would join again under its id.
    if (r.type === 'joined' && !seen.add(r.member)) result.survivorsRestarted++;
    if (r.type !== 'step') return;
    // A member reporting a step it had applied before computed a committed step again.
    if (r.step <= (applied.get(r.member) ?? -1)) redone++;
    applied.set(r.member, r.step);
    // The next step without the killed worker (the one in flight may still complete with it).
    if (killedAt !== undefined && r.members === 2 && r.step > lastStep) {
      result.ms.push(performance.now() - killedAt);
      result.survivors += 2;
      result.redone.push(redone);
      redone = 0;
      killedAt = undefined;
      if (result.ms.length < rounds) setTimeout(() => void job.addWorker(), 10);
    }
    lastStep = Math.max(lastStep, r.step);
  };
  const onJoin = (r: WorkerReport): void => {
    if (r.type !== 'generation' || r.members !== 3 || killedAt !== undefined || result.ms.length >= rounds) return;
    // Three members again: after a few steps, terminate the oldest one.
    setTimeout(() => {
      if (killedAt !== undefined) return;
      const member = job.workers()[0]!;
      killedAt = performance.now();
      void job.killWorker(member);
    }, 200);
  };
  const model = mlp();
  await model.fit(x, y, {
    epochs: 200, batchSize: BATCH, verbose: 0, seed: 1, workers: 3,
    callbacks: [{ onBatchEnd: () => void (result.ms.length >= rounds && (model.stopTraining = true)) }],
    elastic: { minWorkers: 2, onStart: (j) => (job = j), onReport: (r) => (onReport(r), onJoin(r)) },
  });
  result.ms = result.ms.slice(0, rounds);
  return result;
}

/** Adds a third worker to 2 running ones: ms from asking for it to its first step, and the steps others ran meanwhile. */
export async function joining(): Promise<Joining> {
  const { x, y } = mnist();
  let job!: ElasticJob;
  let asked: { at: number; step: number } | undefined;
  let joined: { at: number; step: number } | undefined;
  let result: Joining | undefined;
  let step = -1;
  let restarted = 0;
  const model = mlp();
  await model.fit(x, y, {
    epochs: 20, batchSize: BATCH, verbose: 0, seed: 1, workers: 2,
    callbacks: [{ onBatchEnd: () => void (result !== undefined && (model.stopTraining = true)) }],
    elastic: {
      onStart: (j) => {
        job = j;
        setTimeout(() => {
          asked = { at: performance.now(), step };
          job.addWorker();
        }, 500);
      },
      onReport: (r) => {
        if (r.type === 'step') step = Math.max(step, r.step);
        if (r.type === 'joined' && r.member !== 'worker-2' && asked !== undefined) restarted++;
        if (r.type === 'joined' && r.member === 'worker-2') joined = { at: performance.now(), step };
        if (r.type === 'step' && r.member === 'worker-2' && asked !== undefined && result === undefined) {
          const now = performance.now();
          result = {
            fromStartMs: now - asked.at, steps: r.step - asked.step - 1, restarted,
            ...(joined === undefined ? {} : { fromJoinedMs: now - joined.at, stepsFromJoined: r.step - joined.step - 1 }),
            note: 'the thread\'s start-up (loading the sources, rebuilding the model) is part of the time from its start',
          };
        }
      },
    },
  });
  if (result === undefined) throw new Error('bench:elastic: the added worker thread never ran a step');
  return result;
}
