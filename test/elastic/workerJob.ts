/**
 * A multi-process elastic job for tests: `tensile worker` processes on one Redis, their JSON-lines
 * reports, waits on them, and the checks every scenario makes of a finished job.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import * as tl from '../../src/index.js';
import { data, maxDifference } from './helpers.js';

export const bin = fileURLToPath(new URL('../../src/cli/bin.ts', import.meta.url));

/** A report a worker printed, with the name the test gave the worker and when it was read. */
export type Report = { type: string; member: string; name: string; at: number; step?: number; members?: number; generation?: number; samples?: number; rows?: number; ms?: number };

/**
 * The blobs data as a CSV file in `dir`, a small MLP's model.json, and the training options every
 * worker of a test job gets.
 */
export async function trainingOptions(dir: string, epochs: number, batchSize = 16, lr = 0.01): Promise<TrainingPlan & { args: string[] }> {
  const csv = join(dir, 'blobs.csv');
  const { x, y } = data();
  writeFileSync(csv, ['a,b,c,d,label', ...(x.toArray() as number[][]).map((row, i) => `${row.join(',')},${y.values[i]}`)].join('\n'));
  const topology = join(dir, 'mlp');
  await tl.sequential([tl.layers.dense({ units: 32, activation: 'relu', inputShape: [x.shape[1]!] }), tl.layers.dense({ units: Math.max(...y.values) + 1, activation: 'softmax' })]).save(topology);
  // 300 rows, 20 % held out for testing.
  return { args: ['--data', `csv:${csv}`, '--label', 'label', '--model', join(topology, 'model.json'), '--epochs', String(epochs), '--batch-size', String(batchSize), '--seed', '3', '--lr', String(lr)], samples: 240, batchSize, epochs };
}

/** The weights `tensile train` saves with `args` in one process, uninterrupted. */
export async function localWeights(args: readonly string[], out: string): Promise<tl.Tensor[]> {
  const local = spawnSync(process.execPath, ['--import', 'tsx', bin, 'train', ...args, '--out', out, '--json'], { encoding: 'utf8' });
  assert.equal(local.status, 0, local.stderr);
  return (await tl.loadLayersModel(out)).getWeights();
}

export interface WorkerProcess {
  child: ChildProcess;
  /** The exit code (null after a signal). */
  exited: Promise<number | null>;
  stderr(): string;
}

export class WorkerJob {
  readonly reports: Report[] = [];
  readonly workers = new Map<string, WorkerProcess>();
  private waiters: { test: (r: Report) => boolean; resolve: (r: Report) => void }[] = [];

  constructor(private readonly url: string, readonly job: string, private readonly args: readonly string[]) {}

  /** Starts a worker; `launcher` (e.g. `taskset -c 0`) runs it, if given. */
  start(name: string, extra: readonly string[] = [], launcher: readonly string[] = []): WorkerProcess {
    const command = [...launcher, process.execPath, '--import', 'tsx', bin, 'worker', '--redis', this.url, '--job', this.job, ...this.args, ...extra];
    const child = spawn(command[0]!, command.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const worker: WorkerProcess = { child, exited: once(child, 'exit').then(([code]) => code as number | null), stderr: () => stderr };
    this.workers.set(name, worker);
    void (async () => {
      for await (const line of createInterface({ input: child.stdout! })) {
        const report: Report = { ...(JSON.parse(line) as Report), name, at: performance.now() };
        this.reports.push(report);
        const waiting = this.waiters;
        this.waiters = [];
        for (const w of waiting) (w.test(report) ? w.resolve(report) : this.waiters.push(w));
      }
    })();
    return worker;
  }

  /** The first report, already read or still to come, that `test` accepts. */
  when(test: (r: Report) => boolean): Promise<Report> {
    const seen = this.reports.find(test);
    return seen !== undefined ? Promise.resolve(seen) : new Promise((resolve) => this.waiters.push({ test, resolve }));
  }

  /** The name of the worker process with `pid`. */
  nameOf(pid: number): string | undefined {
    return [...this.workers].find(([, w]) => w.child.pid === pid)?.[0];
  }

  killAll(): void {
    for (const { child } of this.workers.values()) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }

  /** The highest step any worker reported applied (-1 before the first). */
  lastStep(): number {
    return Math.max(-1, ...this.reports.filter((r) => r.type === 'step').map((r) => r.step!));
  }

  /** The checks of `assertTrained`, on this job's reports, and its saved model equals `reference`; returns the largest difference. */
  async assertTrainedLike(reference: readonly tl.Tensor[], saved: string, plan: TrainingPlan, from = 0): Promise<number> {
    assertTrained(this.reports, plan, from);
    return assertWeights(saved, reference);
  }
}

export interface TrainingPlan {
  samples: number;
  batchSize: number;
  epochs: number;
}

/**
 * The checks of a job that trained steps `from` to the end, on its step reports: every step
 * applied, each member applied steps in order and never one twice, and every epoch trained on
 * from its start visited every sample exactly once.
 */
export function assertTrained(reports: readonly Pick<Report, 'type' | 'member' | 'step' | 'samples'>[], plan: TrainingPlan, from = 0): void {
  const stepsPerEpoch = Math.ceil(plan.samples / plan.batchSize);
  const total = plan.epochs * stepsPerEpoch;
  const steps = reports.filter((r) => r.type === 'step');
  const samples = new Map<number, number>();
  for (const r of steps) samples.set(r.step!, r.samples!);
  assert.deepEqual([...samples.keys()].sort((p, q) => p - q), Array.from({ length: total - from }, (_, i) => from + i), 'every step applied');
  for (const member of new Set(steps.map((r) => r.member))) {
    const mine = steps.filter((r) => r.member === member).map((r) => r.step!);
    assert.ok(mine.every((step, i) => i === 0 || step > mine[i - 1]!), `${member} applied each step once, in order`);
  }
  for (let epoch = Math.ceil(from / stepsPerEpoch); epoch < plan.epochs; epoch++) {
    let visited = 0;
    for (let s = epoch * stepsPerEpoch; s < (epoch + 1) * stepsPerEpoch; s++) visited += samples.get(s)!;
    assert.equal(visited, plan.samples, `samples visited in epoch ${epoch}`);
  }
}

/** Asserts the model saved in `saved` has `reference`'s weights within `tolerance`; returns the largest difference. */
export async function assertWeights(saved: string, reference: readonly tl.Tensor[], tolerance = 1e-3): Promise<number> {
  const diff = maxDifference((await tl.loadLayersModel(saved)).getWeights(), reference);
  assert.ok(diff < tolerance, `weights differ from the uninterrupted run by ${diff}`);
  return diff;
}
