/**
 * model.fit with worker threads: real threads joining, leaving and being terminated mid-training,
 * against the single-process run of the same seed and global batch.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { ElasticJob } from '../../src/elastic/options.js';
import type { WorkerReport } from '../../src/elastic/worker/reports.js';
import * as tl from '../../src/index.js';
import { FIT, data, freshModel, maxDifference, referenceWeights } from './helpers.js';

/** Counts, per epoch, the batches the callbacks saw and the samples they covered. */
class SampleCount implements tl.callbacks.Callback {
  readonly batches = new Map<number, number[]>();
  readonly samples = new Map<number, number>();
  private epoch = 0;
  onEpochBegin(epoch: number): void {
    this.epoch = epoch;
  }
  onBatchEnd(batch: number, logs: tl.callbacks.Logs): void {
    this.batches.set(this.epoch, [...(this.batches.get(this.epoch) ?? []), batch]);
    this.samples.set(this.epoch, (this.samples.get(this.epoch) ?? 0) + logs['size']!);
  }
}

/** Calls `act` once, on the first report of step `step`. */
function atStep(step: number, act: () => void): (r: WorkerReport) => void {
  let done = false;
  return (r) => {
    if (!done && r.type === 'step' && r.step === step) {
      done = true;
      act();
    }
  };
}

const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
const tempDir = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'tensile-elastic-'));
  dirs.push(dir);
  return dir;
};

describe('fit with workers (embedded elastic training)', () => {
  it('a worker terminated mid-epoch, a newcomer, a graceful leave: the weights of the uninterrupted run, every sample once per epoch', async () => {
    const { x, y } = data();
    const model = freshModel();
    const count = new SampleCount();
    const reports: WorkerReport[] = [];
    let job!: ElasticJob;
    const hooks = [
      // worker-1 dies; worker-0 alone is below minWorkers, so training waits for worker-2.
      atStep(4, () => void job.killWorker('worker-1').then(() => job.addWorker())),
      // worker-0 leaves after a step; worker-2 waits for worker-3.
      atStep(30, () => {
        job.removeWorker('worker-0');
        job.addWorker();
      }),
    ];
    const history = await model.fit(x, y, {
      ...FIT, workers: 2, callbacks: [count],
      elastic: { minWorkers: 2, onStart: (j) => (job = j), onReport: (r) => (reports.push(r), hooks.forEach((h) => h(r))) },
    });

    const steps = FIT.epochs * Math.ceil(300 / FIT.batchSize);
    for (let epoch = 0; epoch < FIT.epochs; epoch++) {
      assert.deepEqual(count.batches.get(epoch), Array.from({ length: steps / FIT.epochs }, (_, b) => b), `epoch ${epoch} batches`);
      assert.equal(count.samples.get(epoch), 300, `epoch ${epoch} samples`);
    }
    const firstStepOf = (member: string): number => reports.find((r) => r.type === 'step' && r.member === member)?.type === 'step'
      ? (reports.find((r) => r.type === 'step' && r.member === member) as { step: number }).step : -1;
    assert.ok(firstStepOf('worker-2') > 4 && firstStepOf('worker-3') > 30, 'the newcomers trained after joining');
    for (const member of ['worker-2', 'worker-3']) {
      const first = reports.find((r) => r.type === 'generation' && r.member === member);
      assert.ok(first?.type === 'generation' && first.syncedFrom !== undefined && first.step > 0, `${member} took a live peer's state: ${JSON.stringify(first)}`);
    }
    assert.ok(reports.some((r) => r.type === 'left' && r.member === 'worker-0'));
    assert.ok(!reports.some((r) => r.member === 'worker-1' && (r.type === 'left' || r.type === 'done')), 'worker-1 was terminated, not stopped');
    assert.equal(history.epoch.length, FIT.epochs);

    const diff = maxDifference(model.getWeights(), await referenceWeights());
    assert.ok(diff < 1e-4, `weights differ from the uninterrupted run by ${diff}`);
  });

  it('with dropout (masks drawn per sample, not per worker): a newcomer and a graceful leave still give the uninterrupted run\'s weights', async () => {
    const { x, y } = data();
    const model = freshModel(true);
    let job!: ElasticJob;
    // worker-1 leaves after step 6 and worker-2 takes its place (below minWorkers training waits for it).
    const hook = atStep(6, () => {
      job.removeWorker('worker-1');
      job.addWorker();
    });
    const reports: WorkerReport[] = [];
    await model.fit(x, y, { ...FIT, workers: 2, elastic: { minWorkers: 2, onStart: (j) => (job = j), onReport: (r) => (reports.push(r), hook(r)) } });
    assert.ok(reports.some((r) => r.type === 'left' && r.member === 'worker-1'));
    assert.ok(reports.some((r) => r.type === 'step' && r.member === 'worker-2'), 'worker-2 trained');
    const reference = await referenceWeights(true);
    const diff = maxDifference(model.getWeights(), reference);
    assert.ok(diff < 1e-4, `weights differ from the uninterrupted run by ${diff}`);
  });

  it('checkpoints every N steps; a later fit resumes from the latest one where it stood', async () => {
    const dir = tempDir();
    const { x, y } = data();
    const first = freshModel();
    // Stop after the first epoch; workers may run a little further before they are stopped.
    await first.fit(x, y, {
      ...FIT, workers: 1, callbacks: [{ onEpochEnd: () => void (first.stopTraining = true) }],
      elastic: { checkpoint: { dir, every: 5, keep: 2 } },
    });
    // The latest checkpoint and one older are kept (a newer directory may be a write the end of fit cut short).
    const latest = (JSON.parse(readFileSync(join(dir, 'latest.json'), 'utf8')) as { checkpoint: string; step: number });
    assert.ok(latest.step >= 5, JSON.stringify(latest));
    assert.deepEqual(readdirSync(dir).filter((f) => f.startsWith('step-') && f <= latest.checkpoint).length, 2);

    const resumed = freshModel();
    await resumed.fit(x, y, { ...FIT, workers: 1, elastic: { checkpoint: { dir, every: 5 }, resume: true } });
    const diff = maxDifference(resumed.getWeights(), await referenceWeights());
    assert.ok(diff < 1e-4, `resumed run differs from the uninterrupted one by ${diff}`);
  });

  it('with no live peer left, a newcomer continues from the last checkpoint', async () => {
    const dir = tempDir();
    const { x, y } = data();
    const model = freshModel();
    const reports: WorkerReport[] = [];
    let job!: ElasticJob;
    const hook = atStep(25, () => void job.killWorker('worker-0').then(() => job.addWorker()));
    await model.fit(x, y, {
      ...FIT, workers: 1,
      elastic: { checkpoint: { dir, every: 10 }, onStart: (j) => (job = j), onReport: (r) => (reports.push(r), hook(r)) },
    });
    const resumedAt = reports.find((r) => r.type === 'generation' && r.member === 'worker-1');
    assert.ok(resumedAt?.type === 'generation' && resumedAt.step >= 20 && resumedAt.step <= 25, `worker-1 started at ${JSON.stringify(resumedAt)}`);
    const diff = maxDifference(model.getWeights(), await referenceWeights());
    assert.ok(diff < 1e-4, `weights differ from the uninterrupted run by ${diff}`);
  });
});
