/**
 * Resource scheduling on real processes: two `tensile worker` processes, one pinned to a core it
 * shares with a process burning CPU, at the lowest priority (nice 19: a few percent of that core
 * while the burner runs, so its computation takes many times as long, and it stands out even when
 * other work, e.g. the rest of the test suite, loads the fast worker's core), the other pinned to
 * the second core. (At equal priority the slowdown is small: a worker mostly sleeps in the step's
 * allreduce, and the scheduler lets a waking sleeper run first.) The coordinator's split follows
 * the measured speeds: the slowed worker gets a clearly smaller share of every global batch, and
 * every epoch still visits every sample once, ending with the uninterrupted local run's weights.
 *
 * (Slowing a worker by a SIGSTOP/SIGCONT duty cycle does not show this: a worker's speed is its
 * rows over the time it computes them, and a stopped process almost always stops while it waits
 * in the step's allreduce, which stalls every member alike and leaves its measured speed as it was.)
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { loadAddon } from '../../src/backend/native/addon.js';
import { startRedis } from './redisServer.js';
import { WorkerJob, localWeights, trainingOptions } from './workerJob.js';
import type { Report } from './workerJob.js';

function unavailable(): string | undefined {
  if (availableParallelism() < 2) return 'needs 2 cores';
  if (spawnSync('taskset', ['-c', '1', 'true']).status !== 0 || spawnSync('renice', ['--version']).status !== 0) return 'needs taskset and renice (util-linux) and CPUs 0 and 1';
  try {
    return loadAddon().GlooGroup === undefined ? 'the native addon was built without Gloo' : undefined;
  } catch (err) {
    return (err as Error).message;
  }
}

describe('scheduling by measured speed (worker processes, Redis + Gloo)', { skip: unavailable() }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'tensile-scheduling-'));
  const server = startRedis();
  after(async () => {
    await (await server).stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a worker sharing its core with a CPU burner gets a clearly smaller share of each batch; samples stay exact', { timeout: 120_000 }, async (t) => {
    const plan = await trainingOptions(dir, 40, 48, 0.01);
    const job = new WorkerJob((await server).url, 'scheduled', [...plan.args, '--out', join(dir, 'scheduled')]);
    let burner: ChildProcess | undefined;
    let slowed: Report[];
    try {
      // Training waits for both (one starting faster could otherwise finish the job alone).
      const slow = job.start('slow', ['--min-workers', '2'], ['taskset', '-c', '0']);
      const fast = job.start('fast', ['--min-workers', '2'], ['taskset', '-c', '1']);
      // Slowed once both run (starting up at a tenth of a core would take long).
      const ended = Promise.race([slow, fast].map((w) => w.exited.then((code) => { throw new Error(`a worker exited (${code}) before both trained: ${w.stderr()}`); })));
      ended.catch(() => undefined);
      const from = await Promise.race([job.when((r) => r.type === 'step' && r.members === 2), ended]);
      burner = spawn('taskset', ['-c', '0', process.execPath, '-e', 'for (;;);'], { stdio: 'ignore' });
      // Every thread of it (renice -p takes thread ids; the worker trains in a thread of its process).
      const threads = readdirSync(`/proc/${slow.child.pid}/task`);
      assert.equal(spawnSync('renice', ['-n', '19', '-p', ...threads]).status, 0, 'renice');
      for (const w of job.workers.values()) assert.equal(await w.exited, 0, w.stderr());
      slowed = job.reports.filter((r) => r.type === 'step' && r.members === 2 && r.step! > from.step! + 10);
    } finally {
      burner?.kill('SIGKILL');
      job.killAll();
    }
    // The split adapts over the first steps; judge the second half of the slowed steps.
    const late = slowed.slice(Math.floor(slowed.length / 2));
    const rows = (name: string): number => late.filter((r) => r.name === name).reduce((n, r) => n + r.rows!, 0);
    const share = rows('slow') / (rows('slow') + rows('fast'));
    t.diagnostic(`the slowed worker computed ${(100 * share).toFixed(1)} % of the rows over the last ${late.length / 2} two-member steps`);
    assert.ok(late.length >= 40, `${late.length / 2} steps with both workers`);
    // Less than half the other's rows; about a tenth on a quiet machine (the other's core is shared with whatever else runs).
    assert.ok(share < 1 / 3, `the slowed worker's share was ${share}`);
    await job.assertTrainedLike(await localWeights(plan.args, join(dir, 'local')), join(dir, 'scheduled'), plan);
  });
});
