/**
 * The multi-process side of the elastic benchmarks: real `tensile worker` processes on a private,
 * password-protected redis-server (the tests' helpers start both), summing gradients with Gloo on
 * loopback; MNIST, the MLP 784-128-10 without dropout (what the PyTorch peer trains), Adam,
 * global batch 512, the default 3 s lease (Gloo's collective timeout is 2 leases).
 * Each worker takes cores / (members on this host) threads at every generation and reports it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RedisStore } from '../../src/elastic/store/redis.js';
import * as tl from '../../src/index.js';
import { startRedis } from '../../test/elastic/redisServer.js';
import type { RedisServer } from '../../test/elastic/redisServer.js';
import type { Report, WorkerProcess } from '../../test/elastic/workerJob.js';
import { WorkerJob } from '../../test/elastic/workerJob.js';
import { samplesPerSecond, sleep, stopOnSignal, waitFor, within } from './events.js';
import type { Hang, Joining, Recovery, Throughput } from './measures.js';

export const BATCH = 512;
const LEASE_MS = 3000;
/** Waits for something that should take seconds: start-up, a recovery. */
const PATIENCE_MS = 60_000;

const isStep = (r: Report): boolean => r.type === 'step';
const alive = (w: WorkerProcess): boolean => w.child.exitCode === null && w.child.signalCode === null;

export class TensileProcesses {
  private jobs: WorkerJob[] = [];
  private readonly release = stopOnSignal(() => this.stop());

  private constructor(private readonly redis: RedisServer, private readonly dir: string, private readonly args: string[]) {}

  static async start(): Promise<TensileProcesses> {
    const dir = mkdtempSync(join(tmpdir(), 'tensile-bench-elastic-'));
    tl.setSeed(1);
    const mlp = tl.sequential([
      tl.layers.flatten({ inputShape: [28, 28, 1] }),
      tl.layers.dense({ units: 128, activation: 'relu' }),
      tl.layers.dense({ units: 10, activation: 'softmax' }),
    ]);
    await mlp.save(join(dir, 'mlp'));
    const args = ['--data', 'mnist', '--model', join(dir, 'mlp', 'model.json'), '--epochs', '1000', '--batch-size', String(BATCH), '--seed', '1', '--lease-ms', String(LEASE_MS)];
    return new TensileProcesses(await startRedis('bench-pass'), dir, args);
  }

  private job(name: string): WorkerJob {
    const job = new WorkerJob(this.redis.url, name, [...this.args, '--out', join(this.dir, name)]);
    this.jobs.push(job);
    return job;
  }

  /** The first step of `members` members, `after` steps into it. */
  private settled(job: WorkerJob, members: number, after: number, since = 0): Promise<Report> {
    return waitFor(`a ${members}-member step of ${job.job}`, job.when((r) => isStep(r) && r.members === members && r.at > since), PATIENCE_MS)
      .then((first) => waitFor(`step ${first.step! + after} of ${job.job}`, job.when((r) => isStep(r) && r.step! >= first.step! + after), PATIENCE_MS));
  }

  /** The threads a worker of `job` last said it computes with, before `at`. */
  private threads(job: WorkerJob, at: number): number {
    const report = job.reports.filter((r) => r.type === 'threads' && r.at <= at).at(-1) as (Report & { threads: number }) | undefined;
    return report?.threads ?? NaN;
  }

  /** Samples/s of `workers` processes over `steps` steps, after a warm-up of 20. */
  async throughput(workers: number, steps = 300): Promise<Throughput> {
    const job = this.job(`scale-${workers}`);
    for (let i = 0; i < workers; i++) job.start(`w${i}`);
    const from = await this.settled(job, workers, 20);
    const to = await waitFor(`step ${from.step! + steps}`, job.when((r) => isStep(r) && r.name === from.name && r.step === from.step! + steps), PATIENCE_MS);
    const changed = job.reports.some((r) => isStep(r) && r.at <= to.at && r.at >= from.at && r.members !== workers);
    if (changed) throw new Error(`bench:elastic: the membership of ${job.job} changed while it was measured`);
    await this.end(job);
    return { rate: samplesPerSecond(BATCH, steps, from, to), threads: this.threads(job, from.at) };
  }

  /** SIGKILLs the longest-running of 3 workers `rounds` times, starting a replacement after each recovery. */
  async recovery(rounds = 5): Promise<Recovery> {
    const job = this.job('kill');
    const store = new RedisStore(this.redis.url, 'kill');
    const result: Recovery = { ms: [], survivorsRestarted: 0, survivors: 0, redone: [], note: '' };
    let coordinating = 0;
    try {
      for (const name of ['w0', 'w1', 'w2']) job.start(name);
      let since = 0;
      for (let round = 0; round < rounds; round++) {
        await this.settled(job, 3, 30, since);
        const running = [...job.workers].filter(([, w]) => alive(w));
        const [, worker] = running[0]!;
        const survivors = running.slice(1);
        if (`${(await store.coordinator())?.split('-').at(-1)}` === String(worker.child.pid)) coordinating++;
        const lastOf = new Map(survivors.map(([name]) => [name, Math.max(...job.reports.filter((r) => isStep(r) && r.name === name).map((r) => r.step!))]));
        const killed = performance.now();
        worker.child.kill('SIGKILL');
        const before = job.lastStep();
        // The next step without the killed worker (the one in flight may still complete with it).
        const next = await waitFor('a step after the kill', job.when((r) => isStep(r) && r.at > killed && r.step! > before && r.members === 2), PATIENCE_MS);
        result.ms.push(next.at - killed);
        // Committed steps computed again: a survivor reporting a step it had already applied.
        await sleep(500);
        result.redone.push(survivors.reduce((n, [name]) => n + job.reports.filter((r) => isStep(r) && r.name === name && r.at > killed && r.step! <= lastOf.get(name)!).length, 0));
        result.survivors += survivors.length;
        result.survivorsRestarted += survivors.filter(([, w]) => !alive(w)).length;
        job.start(`r${round}`);
        since = performance.now();
      }
    } finally {
      await store.close();
      await this.end(job);
    }
    result.note = `kills of the worker holding the coordinator lease: ${coordinating} of ${rounds}`;
    return result;
  }

  /** Starts a third worker beside 2 running ones. */
  async joining(): Promise<Joining> {
    const job = this.job('join');
    for (const name of ['w0', 'w1']) job.start(name);
    await this.settled(job, 2, 30);
    const started = performance.now();
    const stepAtStart = job.lastStep();
    job.start('w2');
    const joined = await waitFor('the newcomer\'s join', job.when((r) => r.name === 'w2' && r.type === 'joined'), PATIENCE_MS);
    const stepAtJoin = Math.max(...job.reports.filter((r) => isStep(r) && r.at <= joined.at).map((r) => r.step!));
    const first = await waitFor('the newcomer\'s first step', job.when((r) => r.name === 'w2' && isStep(r)), PATIENCE_MS);
    const others = [...job.workers].filter(([name]) => name !== 'w2').map(([, w]) => w);
    const restarted = others.filter((w) => !alive(w)).length + job.reports.filter((r) => r.type === 'joined' && r.name !== 'w2' && r.at > started).length;
    await this.end(job);
    return {
      fromStartMs: first.at - started, steps: first.step! - stepAtStart - 1, restarted,
      fromJoinedMs: first.at - joined.at, stepsFromJoined: first.step! - stepAtJoin - 1,
      note: 'its process start-up (node, tsx, loading MNIST) is part of the time from its start',
    };
  }

  /** SIGSTOPs one of 3 workers (one not holding the coordinator lease). */
  async hang(capMs = 30_000): Promise<Hang> {
    const job = this.job('hang');
    const store = new RedisStore(this.redis.url, 'hang');
    try {
      for (const name of ['w0', 'w1', 'w2']) job.start(name);
      await this.settled(job, 3, 30);
      const leader = (await store.coordinator())?.split('-').at(-1);
      const [, victim] = [...job.workers].find(([, w]) => String(w.child.pid) !== leader)!;
      const stopped = performance.now();
      victim.child.kill('SIGSTOP');
      const next = await within(job.when((r) => isStep(r) && r.at > stopped && r.members === 2), capMs);
      return { ms: next === undefined ? undefined : next.at - stopped, capMs, note: `lease ${LEASE_MS} ms, Gloo collective timeout ${2 * LEASE_MS} ms` };
    } finally {
      await store.close();
      await this.end(job);
    }
  }

  private async end(job: WorkerJob): Promise<void> {
    job.killAll();
    await Promise.all([...job.workers.values()].map((w) => w.exited));
  }

  async stop(): Promise<void> {
    this.release();
    await Promise.all(this.jobs.map((j) => this.end(j)));
    await this.redis.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
