/**
 * The worker runtime's protocol with its members in one thread: real MemoryStore, coordinator
 * and shared-memory groups, several ElasticWorker instances interleaving at their awaits. Here
 * joins and leaves can be timed to the step, which thread start-up times do not allow; the
 * thread-based test (fit.test.ts) adds real threads and crashes.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SharedMemoryCollective } from '../../src/elastic/collective/sharedMemory.js';
import { SharedMemoryGroups } from '../../src/elastic/collective/sharedMemoryGroups.js';
import { Coordinator } from '../../src/elastic/coordinator.js';
import { MemoryStore } from '../../src/elastic/store/memory.js';
import { StepStatus } from '../../src/elastic/stepStatus.js';
import { Replica } from '../../src/elastic/worker/replica.js';
import type { WorkerReport } from '../../src/elastic/worker/reports.js';
import { ElasticWorker } from '../../src/elastic/worker/runtime.js';
import { restoreModel } from '../../src/io/tfjs/load.js';
import { modelArtifacts } from '../../src/io/tfjs/save.js';
import { decodeWeights } from '../../src/io/tfjs/weights.js';
import type { Compiled } from '../../src/nn/model/compileArgs.js';
import { planFit } from '../../src/nn/model/training.js';
import type * as tl from '../../src/index.js';
import { FIT, data, freshModel, maxDifference, referenceWeights } from './helpers.js';

/** A job whose members are ElasticWorker instances in this thread. */
class LocalJob {
  readonly store = new MemoryStore();
  readonly groups = new SharedMemoryGroups(4096);
  readonly reports: WorkerReport[] = [];
  readonly workers = new Map<string, { worker: ElasticWorker; replica: Replica; run: Promise<'done' | 'left'> }>();
  private readonly model = freshModel();
  private readonly plan;
  private readonly listeners: ((r: WorkerReport) => void)[] = [];
  readonly coordinator: Coordinator;

  constructor(minWorkers: number) {
    const { x, y } = data();
    this.plan = planFit(this.model, x, y, FIT);
    void this.store.subscribe((e) => e.type === 'generation' && this.groups.published(e.generation));
    this.coordinator = new Coordinator(this.store, { id: 'c', minWorkers, maxWorkers: 8, leaseMs: 10_000, settleMs: 5, pollMs: 200, onError: (err) => { throw err; } });
  }

  add(id: string): void {
    const artifacts = modelArtifacts(this.model, (this.model as unknown as { compiled: Compiled }).compiled, { includeOptimizer: true });
    const json = artifacts.modelJson('w');
    const { model, setup } = restoreModel(json, decodeWeights(json.weightsManifest[0]!.weights, artifacts.data, id), id);
    const replica = new Replica(model, setup!, this.plan, 0);
    const worker = new ElasticWorker({
      member: { id, host: 'here', pid: process.pid },
      store: this.store,
      groups: { form: async (g, rank) => new SharedMemoryCollective(this.groups.attach(g, id), rank, g.members.length, { timeoutMs: 5000 }) },
      replica,
      report: (r) => {
        this.reports.push(r);
        this.listeners.forEach((l) => l(r));
      },
      options: { leaseMs: 10_000, pollMs: 200, predictions: false, checkpoints: undefined },
    });
    this.workers.set(id, { worker, replica, run: worker.run() });
  }

  /** Runs `act` once, when some member reports step `step` applied. */
  atStep(step: number, act: () => void): void {
    let done = false;
    this.listeners.push((r) => {
      if (!done && r.type === 'step' && r.step === step) {
        done = true;
        act();
      }
    });
  }

  /** The steps reported, each once (the first report of it), in order. */
  committedSteps(): Extract<WorkerReport, { type: 'step' }>[] {
    const first = new Map<number, Extract<WorkerReport, { type: 'step' }>>();
    for (const r of this.reports) if (r.type === 'step' && !first.has(r.step)) first.set(r.step, r);
    return [...first.values()].sort((a, b) => a.step - b.step);
  }

  /** The steps applied after `id` joined and before its first step. */
  stepsWhileJoining(id: string): number {
    const joined = this.reports.findIndex((r) => r.type === 'joined' && r.member === id);
    const before = Math.max(...this.reports.slice(0, joined).map((r) => (r.type === 'step' ? r.step : -1)));
    const first = this.reports.find((r) => r.type === 'step' && r.member === id);
    return first?.type === 'step' ? first.step - before - 1 : Infinity;
  }

  weightsOf(id: string): tl.Tensor[] {
    return this.workers.get(id)!.replica.model.getWeights();
  }
}

describe('worker runtime (members in one thread)', () => {
  it('joins and a graceful leave mid-epoch: same weights as one process, every step once, every sample once', async () => {
    const job = new LocalJob(1);
    job.add('a');
    job.add('b');
    await job.coordinator.start();
    job.atStep(5, () => job.add('c'));
    job.atStep(22, () => job.workers.get('a')!.worker.requestLeave());
    job.atStep(40, () => job.add('d'));
    const outcomes = await Promise.all(['a', 'b', 'c', 'd'].map(async (id) => {
      while (!job.workers.has(id)) await new Promise((r) => setTimeout(r, 5));
      return job.workers.get(id)!.run;
    }));
    await job.coordinator.stop();
    assert.deepEqual(outcomes, ['left', 'done', 'done', 'done']);

    const steps = job.committedSteps();
    const plan = job.workers.get('b')!.replica.plan;
    assert.deepEqual(steps.map((s) => s.step), Array.from({ length: FIT.epochs * plan.steps }, (_, i) => i));
    for (let epoch = 0; epoch < FIT.epochs; epoch++) {
      const samples = steps.filter((s) => Math.floor(s.step / plan.steps) === epoch).reduce((n, s) => n + s.samples, 0);
      assert.equal(samples, plan.samples, `epoch ${epoch}`);
    }
    // Membership changed as asked: 2, then 3 members (c joined), 2 (a left), 3 (d joined).
    const sizes = steps.map((s) => s.members).filter((m, i, all) => i === 0 || all[i - 1] !== m);
    assert.deepEqual(sizes, [2, 3, 2, 3]);
    // Newcomers took a live peer's state in their first generation, and contributed within 2 steps of joining.
    for (const id of ['c', 'd']) {
      const first = job.reports.find((r) => r.type === 'generation' && r.member === id);
      assert.ok(first?.type === 'generation' && first.syncedFrom !== undefined && first.step > 0, JSON.stringify(first));
      assert.ok(job.stepsWhileJoining(id) <= 2, `${id}: ${job.stepsWhileJoining(id)} steps ran between its join and its first step`);
    }

    // The progress line's elastic part, from the same reports: the last generation had 3 members, after a regroup.
    const status = new StepStatus();
    job.reports.forEach((r) => status.report(r));
    assert.match(status.line(), /^gen \d+ · 3 workers · step 56 · [\d.]+ ms · [\d,]+ samples\/s · regrouped in \d+ ms$/);

    const reference = await referenceWeights();
    for (const id of ['b', 'c', 'd']) {
      const diff = maxDifference(job.weightsOf(id), reference);
      assert.ok(diff < 1e-4, `${id}: weights differ from the single-process run by ${diff}`);
    }
  });

  it('below minWorkers training pauses, and resumes where it stood when a worker joins', async () => {
    const job = new LocalJob(2);
    job.add('a');
    job.add('b');
    await job.coordinator.start();
    let pausedAt = -1;
    job.atStep(10, () => job.workers.get('b')!.worker.requestLeave());
    job.atStep(10, () => setTimeout(() => {
      pausedAt = job.committedSteps().at(-1)!.step;
      job.add('c');
    }, 300));
    const [a, b, c] = await Promise.all(['a', 'b', 'c'].map(async (id) => {
      while (!job.workers.has(id)) await new Promise((r) => setTimeout(r, 5));
      return job.workers.get(id)!.run;
    }));
    await job.coordinator.stop();
    assert.deepEqual([a, b, c], ['done', 'left', 'done']);
    assert.equal(pausedAt, 11, 'b left after the step that carried its flag; nothing was trained while a was alone');
    const steps = job.committedSteps();
    assert.equal(steps.length, FIT.epochs * job.workers.get('a')!.replica.plan.steps);
    assert.ok(maxDifference(job.weightsOf('a'), await referenceWeights()) < 1e-4);
  });
});
