/**
 * Multi-process elastic jobs: `tensile worker` processes coordinating through a private,
 * password-protected redis-server (the password serves the store and Gloo's rendezvous) and
 * summing through Gloo. Workers join mid-epoch, the one holding the coordinator lease is killed
 * with SIGKILL, another leaves on SIGTERM, the whole job is killed and restarted from its
 * checkpoints, one without the secret is refused. Each job ends with the weights of an
 * uninterrupted local `tensile train`.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { loadAddon } from '../../src/backend/native/addon.js';
import { RedisStore } from '../../src/elastic/store/redis.js';
import type * as tl from '../../src/index.js';
import { startRedis } from './redisServer.js';
import { WorkerJob, localWeights, trainingOptions } from './workerJob.js';

const dir = mkdtempSync(join(tmpdir(), 'tensile-workers-'));
// Many small steps, so workers started mid-training find it still running.
const plan = await trainingOptions(dir, 20, 4, 0.002);
const secretFile = join(dir, 'secret');
writeFileSync(secretFile, 'correct horse battery staple\n');

let gloo: string | undefined;
try {
  gloo = loadAddon().GlooGroup === undefined ? 'the native addon was built without Gloo' : undefined;
} catch (err) {
  gloo = (err as Error).message;
}

describe('tensile worker processes (Redis + Gloo)', { skip: process.env['TENSILE_REQUIRE_NATIVE'] === '1' ? false : gloo }, () => {
  const jobs: WorkerJob[] = [];
  const server = startRedis('redis-pass');
  let reference: Promise<tl.Tensor[]> | undefined;
  const uninterrupted = (): Promise<tl.Tensor[]> => (reference ??= localWeights(plan.args, join(dir, 'local')));
  const newJob = async (name: string, extra: readonly string[]): Promise<WorkerJob> => {
    const job = new WorkerJob((await server).url, name, [...plan.args, '--secret-file', secretFile, '--out', join(dir, name), ...extra]);
    jobs.push(job);
    return job;
  };
  after(async () => {
    jobs.forEach((j) => j.killAll());
    await (await server).stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a worker joins mid-epoch, the coordinating worker is SIGKILLed, another leaves on SIGTERM: the job goes on and ends with the local run\'s weights', async (t) => {
    const job = await newJob('matrix', ['--lease-ms', '3000']);
    const store = new RedisStore((await server).url, 'matrix');
    try {
      job.start('a');
      job.start('b');
      await job.when((r) => r.type === 'step' && r.members === 2 && r.step! >= 20);
      const c = job.start('c');
      const joined = await job.when((r) => r.name === 'c' && r.type === 'joined');
      const contributed = await job.when((r) => r.name === 'c' && r.type === 'step');
      const stepAtJoin = Math.max(...job.reports.filter((r) => r.type === 'step' && r.at <= joined.at).map((r) => r.step!));
      const meanwhile = contributed.step! - stepAtJoin - 1;
      t.diagnostic(`c joined mid-epoch after step ${stepAtJoin}; its first step ${contributed.step} came ${(contributed.at - joined.at).toFixed(0)} ms after it joined (${meanwhile} steps meanwhile)`);
      assert.ok(meanwhile <= 2 && contributed.at - joined.at < 1000, 'a newcomer contributes within 2 steps and 1 s');
      assert.ok(c.child.exitCode === null);

      await job.when((r) => r.type === 'step' && r.members === 3 && r.step! >= contributed.step! + 10);
      const leaderId = await store.coordinator();
      const leader = job.nameOf(Number(leaderId?.split('-').at(-1)));
      assert.ok(leader !== undefined, `a worker holds the coordinator lease (${leaderId})`);
      job.workers.get(leader)!.child.kill('SIGKILL');
      const killed = performance.now();
      const lastBefore = job.lastStep();
      const next = await job.when((r) => r.type === 'step' && r.members === 2 && r.step! > lastBefore - 1 && r.at > killed);
      t.diagnostic(`after the SIGKILL of the coordinating worker ${leader}, the next 2-member step came ${(next.at - killed).toFixed(0)} ms later (lease 3000 ms)`);
      // The survivors reported the failure: no waiting for the dead worker's lease.
      assert.ok(next.at - killed < 1500, `recovery took ${(next.at - killed).toFixed(0)} ms`);
      const newLeader = await store.coordinator();
      assert.ok(newLeader !== undefined && newLeader !== leaderId, `another member took the coordinator lease: ${newLeader}`);

      const [stays, leaves] = [...job.workers.keys()].filter((n) => n !== leader) as [string, string];
      await job.when((r) => r.type === 'step' && r.step! >= next.step! + 20);
      job.workers.get(leaves)!.child.kill('SIGTERM');
      assert.equal(await job.workers.get(leaves)!.exited, 0, job.workers.get(leaves)!.stderr());
      assert.equal(await job.workers.get(stays)!.exited, 0, job.workers.get(stays)!.stderr());
      assert.ok(job.reports.some((r) => r.name === leaves && r.type === 'left'), `${leaves} left after finishing its step`);
      assert.ok(job.reports.some((r) => r.name === stays && r.type === 'saved'));
      const diff = await job.assertTrainedLike(await uninterrupted(), join(dir, 'matrix'), plan);
      t.diagnostic(`largest weight difference from the local run: ${diff}`);
    } finally {
      await store.close();
    }
  });

  it('a worker stopped with SIGSTOP (a hung host: its lease alive, no crash) is dropped at the step deadline; continued, it rejoins as a newcomer', async (t) => {
    const job = await newJob('hung', ['--lease-ms', '3000']);
    job.start('a');
    const b = job.start('b');
    await job.when((r) => r.type === 'step' && r.members === 2 && r.step! >= 30);
    b.child.kill('SIGSTOP');
    const stopped = performance.now();
    const next = await job.when((r) => r.name === 'a' && r.type === 'step' && r.members === 1 && r.at > stopped);
    t.diagnostic(`after the SIGSTOP of b, a committed step ${next.step} alone ${(next.at - stopped).toFixed(0)} ms later (lease 3000 ms, Gloo timeout 6000 ms)`);
    assert.ok(next.at - stopped < 3000, `recovery from a hung worker took ${(next.at - stopped).toFixed(0)} ms`);

    b.child.kill('SIGCONT');
    const continued = performance.now();
    // b may still report the step it was stopped in (if its sum had completed), under its old id.
    const before = job.reports.find((r) => r.name === 'b')!.member;
    const back = await job.when((r) => r.name === 'b' && r.type === 'step' && r.member !== before);
    t.diagnostic(`b, continued, rejoined as ${back.member} and took part in step ${back.step} ${(back.at - continued).toFixed(0)} ms later`);
    assert.ok(job.reports.some((r) => r.name === 'b' && r.type === 'expelled'));
    for (const w of job.workers.values()) assert.equal(await w.exited, 0, w.stderr());
    await job.assertTrainedLike(await uninterrupted(), join(dir, 'hung'), plan);
  });

  it('the whole job SIGKILLed, then restarted: it resumes from its checkpoint at the exact step and ends with the local run\'s weights', async (t) => {
    const checkpoints = join(dir, 'checkpoints');
    const options = ['--lease-ms', '1000', '--checkpoint-dir', checkpoints, '--checkpoint-every', '7'];
    const first = await newJob('resumed', options);
    first.start('a');
    first.start('b');
    await first.when((r) => r.type === 'checkpoint' && r.step! >= 40);
    first.killAll();
    await Promise.all([...first.workers.values()].map((w) => w.exited));
    const latest = JSON.parse(readFileSync(join(checkpoints, 'latest.json'), 'utf8')) as { step: number };
    t.diagnostic(`killed at step ${first.lastStep()}; the latest checkpoint is at step ${latest.step}`);

    // The job's state in Redis names the dead workers until their leases expire; the new ones take over.
    const second = await newJob('resumed', options);
    second.start('c');
    second.start('d');
    const resumed = await second.when((r) => r.type === 'generation' && r.members === 2);
    assert.equal(resumed.step, latest.step, 'training resumed at the checkpoint\'s step');
    await Promise.all([...second.workers.values()].map((w) => w.exited));
    await second.assertTrainedLike(await uninterrupted(), join(dir, 'resumed'), plan, latest.step);
  });

  it('a worker without the job\'s secret is refused and exits; the job goes on', async () => {
    const job = await newJob('secured', ['--epochs', '100']);
    const member = job.start('member');
    await job.when((r) => r.type === 'step');
    const { url } = await server;
    const intruder = new WorkerJob(url, 'secured', [...plan.args, '--out', join(dir, 'intruder')]).start('intruder');
    assert.equal(await intruder.exited, 1);
    assert.match(intruder.stderr(), /no longer a member/);
    const refused = await job.when((r) => r.type === 'refused');
    assert.equal(await member.exited, 0, member.stderr());
    assert.ok(job.reports.some((r) => r.type === 'step' && r.at > refused.at), 'training went on after the refusal');
    assert.ok(job.reports.some((r) => r.type === 'done'));
    assert.ok(job.reports.filter((r) => r.type === 'step').every((r) => r.members === 1), 'the intruder never took part in a step');

    // The job is over (no checkpoints): a worker started for it now finds it finished, trains nothing, exits.
    const late = job.start('late');
    assert.equal(await late.exited, 0, late.stderr());
    const lastStep = job.lastStep();
    assert.ok(job.reports.some((r) => r.name === 'late' && r.type === 'finished' && r.step === lastStep + 1), 'the late worker saw the job finished');
    assert.ok(!job.reports.some((r) => r.name === 'late' && (r.type === 'step' || r.type === 'generation')), 'the late worker did not start over');
  });
});
