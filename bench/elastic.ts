/**
 * `npm run bench:elastic`: elastic training on this machine, embedded mode (worker threads).
 *   scaling   MNIST MLP 784-128-10, Adam, global batch 512: samples/s of a local fit, 1 worker, 2 workers
 *   recovery  3 workers, one terminated mid-step: time from the kill to the next committed step (5 times)
 *   join      a worker added to 2 running ones: time from its join to its first step, and steps missed
 * Prints one table and one JSON line per figure. The machine's load average comes first: other
 * processes on the 2 cores make every figure lower and noisier.
 */
import { loadavg } from 'node:os';
import type { ElasticJob } from '../src/elastic/options.js';
import type { WorkerReport } from '../src/elastic/worker/reports.js';
import * as tl from '../src/index.js';
import { median } from './timing.js';

const SAMPLES = 12_800;
const BATCH = 512;

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

const { train } = tl.io.loadMnist();
const x = tl.gather(train.x, Array.from({ length: SAMPLES }, (_, i) => i));
const y = tl.gather(train.y, Array.from({ length: SAMPLES }, (_, i) => i));

/** Samples per second between the first and the last step of `epochs` epochs (start-up excluded). */
async function throughput(workers: number | undefined, epochs: number): Promise<number> {
  const times: number[] = [];
  const record = (): void => void times.push(performance.now());
  const args: tl.FitArgs = { epochs, batchSize: BATCH, verbose: 0, seed: 1 };
  if (workers === undefined) await mlp().fit(x, y, { ...args, callbacks: [{ onBatchEnd: record }] });
  else await mlp().fit(x, y, { ...args, workers, elastic: { onReport: (r) => r.type === 'step' && record() } });
  // Every member reports every step; keep one time per step.
  const perStep = workers === undefined ? times : times.filter((_, i) => i % workers === workers - 1);
  return ((perStep.length - 1) * BATCH) / ((perStep.at(-1)! - perStep[0]!) / 1000);
}

/** Kills one of 3 workers `rounds` times (adding a new one back each time): ms from each kill to the next committed step. */
async function recoveries(rounds: number): Promise<number[]> {
  const times: number[] = [];
  let job!: ElasticJob;
  let killedAt: number | undefined;
  let lastStep = -1;
  const onReport = (r: WorkerReport): void => {
    if (r.type !== 'step') return;
    if (killedAt !== undefined && r.step > lastStep) {
      times.push(performance.now() - killedAt);
      killedAt = undefined;
      if (times.length < rounds) setTimeout(() => void job.addWorker(), 10);
    }
    lastStep = Math.max(lastStep, r.step);
  };
  const onJoin = (r: WorkerReport): void => {
    if (r.type !== 'generation' || r.members !== 3 || killedAt !== undefined || times.length >= rounds) return;
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
    callbacks: [{ onBatchEnd: () => void (times.length >= rounds && (model.stopTraining = true)) }],
    elastic: { minWorkers: 2, onStart: (j) => (job = j), onReport: (r) => (onReport(r), onJoin(r)) },
  });
  return times.slice(0, rounds);
}

/** Adds a third worker to 2 running ones: ms from its joining the store to its first step, and the steps others ran meanwhile. */
async function join(): Promise<{ ms: number; steps: number }> {
  let job!: ElasticJob;
  let joined: { at: number; step: number } | undefined;
  let result: { ms: number; steps: number } | undefined;
  let step = -1;
  const model = mlp();
  await model.fit(x, y, {
    epochs: 20, batchSize: BATCH, verbose: 0, seed: 1, workers: 2,
    callbacks: [{ onBatchEnd: () => void (result !== undefined && (model.stopTraining = true)) }],
    elastic: {
      onStart: (j) => {
        job = j;
        setTimeout(() => job.addWorker(), 500);
      },
      onReport: (r) => {
        if (r.type === 'step') step = Math.max(step, r.step);
        if (r.type === 'joined' && r.member === 'worker-2') joined = { at: performance.now(), step };
        if (r.type === 'step' && r.member === 'worker-2' && joined !== undefined && result === undefined) {
          result = { ms: performance.now() - joined.at, steps: r.step - joined.step - 1 };
        }
      },
    },
  });
  return result ?? { ms: NaN, steps: NaN };
}

console.log(`load average ${loadavg()[0]!.toFixed(2)} on ${tl.getBackend()}; MNIST MLP, ${SAMPLES} samples, global batch ${BATCH}`);
const local = await throughput(undefined, 3);
const one = await throughput(1, 3);
const two = await throughput(2, 3);
const kills = await recoveries(5);
const joining = await join();
const rows: [string, string][] = [
  ['local fit, samples/s', local.toFixed(0)],
  ['1 worker thread, samples/s', `${one.toFixed(0)} (${(one / local).toFixed(2)}x local)`],
  ['2 worker threads, samples/s', `${two.toFixed(0)} (${(two / one).toFixed(2)}x 1 worker)`],
  ['kill 1 of 3 -> next committed step, ms (median of 5)', `${median(kills).toFixed(0)} [${kills.map((k) => k.toFixed(0)).join(', ')}]`],
  ['join -> first step of the newcomer, ms / steps run meanwhile', `${joining.ms.toFixed(0)} / ${joining.steps}`],
];
for (const [name, value] of rows) console.log(`${name.padEnd(62)} ${value}`);
console.log(JSON.stringify({ case: 'elastic', local, one, two, twoOverOne: two / one, recoveryMs: kills, recoveryMedianMs: median(kills), joinMs: joining.ms, joinSteps: joining.steps }));
