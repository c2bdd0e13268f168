/**
 * A multi-process elastic job: `tensile worker` processes coordinating through a private
 * redis-server and summing through Gloo. One is killed with SIGKILL mid-training, one is sent
 * SIGTERM; the survivor finishes with the weights of a local `tensile train` with the same options.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { loadAddon } from '../../src/backend/native/addon.js';
import * as tl from '../../src/index.js';
import { data } from './helpers.js';
import { maxDifference } from './helpers.js';
import { startRedis } from './redisServer.js';

const bin = fileURLToPath(new URL('../../src/cli/bin.ts', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'tensile-workers-'));
const csv = join(dir, 'blobs.csv');
const { x, y } = data();
writeFileSync(csv, ['a,b,c,d,label', ...(x.toArray() as number[][]).map((row, i) => `${row.join(',')},${y.values[i]}`)].join('\n'));
const TRAINING = ['--data', `csv:${csv}`, '--label', 'label', '--model', 'mlp', '--epochs', '20', '--batch-size', '16', '--seed', '3', '--lr', '0.01'];

type Report = { type: string; member: string; step?: number; members?: number; generation?: number };

let gloo: string | undefined;
try {
  gloo = loadAddon().GlooGroup === undefined ? 'the native addon was built without Gloo' : undefined;
} catch (err) {
  gloo = (err as Error).message;
}

describe('tensile worker processes (Redis + Gloo)', { skip: process.env['TENSILE_REQUIRE_NATIVE'] === '1' ? false : gloo }, () => {
  const children: ChildProcess[] = [];
  const server = startRedis();
  after(async () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    await (await server).stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('SIGKILL one worker mid-step, SIGTERM another: the step is redone without them, the survivor ends with the local run\'s weights', async (t) => {
    const { url } = await server;
    const reports: Report[] = [];
    const waiters: { test: (r: Report) => boolean; resolve: () => void }[] = [];
    const when = (test: (r: Report) => boolean): Promise<void> => new Promise((resolve) => waiters.push({ test, resolve }));
    const start = (name: string): ChildProcess => {
      const child = spawn(process.execPath, ['--import', 'tsx', bin, 'worker', '--redis', url, '--job', 'blobs', '--lease-ms', '3000', ...TRAINING, '--out', join(dir, name)], { stdio: ['ignore', 'pipe', 'inherit'] });
      children.push(child);
      void (async () => {
        for await (const line of createInterface({ input: child.stdout! })) {
          const report = JSON.parse(line) as Report;
          reports.push({ ...report, member: name });
          for (const w of waiters.splice(0)) (w.test({ ...report, member: name }) ? w.resolve() : waiters.push(w));
        }
      })();
      return child;
    };
    const [a, b, c] = ['a', 'b', 'c'].map(start) as [ChildProcess, ChildProcess, ChildProcess];
    await when((r) => r.type === 'step' && r.members === 3 && r.step! >= 30);
    c.kill('SIGKILL');
    const killed = performance.now();
    const lastBefore = Math.max(...reports.filter((r) => r.type === 'step').map((r) => r.step!));
    await when((r) => r.type === 'step' && r.members === 2);
    const recovered = performance.now() - killed;
    t.diagnostic(`after the SIGKILL, the next step with 2 members came ${recovered.toFixed(0)} ms later (lease 3000 ms)`);
    // The survivors reported the failure: no waiting for the dead worker's lease.
    assert.ok(recovered < 1500, `recovery took ${recovered.toFixed(0)} ms`);
    await when((r) => r.type === 'step' && r.step! >= lastBefore + 60);
    b.kill('SIGTERM');
    await Promise.all([once(a, 'exit'), once(b, 'exit')]);
    assert.equal(a.exitCode, 0);
    assert.equal(b.exitCode, 0);
    assert.ok(reports.some((r) => r.member === 'b' && r.type === 'left'), 'b left after finishing its step');
    assert.ok(reports.some((r) => r.member === 'a' && r.type === 'done'));
    assert.ok(reports.some((r) => r.member === 'a' && r.type === 'saved'));
    // The job applied every step (whoever reported it); a never applied one twice. (A member whose
    // allreduce failed while a peer's completed takes that peer's state: it skips the step, not redoes it.)
    const total = 20 * Math.ceil(240 / 16);
    const applied = new Set(reports.filter((r) => r.type === 'step').map((r) => r.step!));
    assert.deepEqual([...applied].sort((p, q) => p - q), Array.from({ length: total }, (_, i) => i));
    const aSteps = reports.filter((r) => r.member === 'a' && r.type === 'step').map((r) => r.step!);
    assert.ok(aSteps.every((step, i) => i === 0 || step > aSteps[i - 1]!), 'a applied each step once, in order');
    assert.equal(aSteps.at(-1), total - 1);

    const local = spawnSync(process.execPath, ['--import', 'tsx', bin, 'train', ...TRAINING, '--out', join(dir, 'local'), '--json'], { encoding: 'utf8' });
    assert.equal(local.status, 0, local.stderr);
    const [elastic, reference] = await Promise.all([tl.loadLayersModel(join(dir, 'a')), tl.loadLayersModel(join(dir, 'local'))]);
    const diff = maxDifference(elastic.getWeights(), reference.getWeights());
    t.diagnostic(`largest weight difference from the local run: ${diff}`);
    assert.ok(diff < 1e-3, `weights differ from the local run by ${diff}`);
  });

  it('a worker without the job\'s secret is refused and exits; the job goes on', async () => {
    const { url } = await server;
    const secretFile = join(dir, 'secret');
    writeFileSync(secretFile, 'correct horse battery staple\n');
    const run = (extra: string[]): ChildProcess => {
      const child = spawn(process.execPath, ['--import', 'tsx', bin, 'worker', '--redis', url, '--job', 'secured', ...TRAINING, '--epochs', '100', '--out', join(dir, 'secured'), ...extra], { stdio: ['ignore', 'pipe', 'pipe'] });
      children.push(child);
      return child;
    };
    const member = run(['--secret-file', secretFile]);
    const memberExit = once(member, 'exit');
    const lines: string[] = [];
    const training = (async () => {
      for await (const line of createInterface({ input: member.stdout! })) lines.push(line);
    })();
    while (!lines.some((l) => l.includes('"type":"step"'))) await new Promise((r) => setTimeout(r, 50));
    const intruder = run([]);
    let stderr = '';
    intruder.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const [code] = await once(intruder, 'exit');
    assert.equal(code, 1);
    assert.match(stderr, /no longer a member/);
    await memberExit;
    await training;
    assert.equal(member.exitCode, 0);
    const reports = lines.map((l) => JSON.parse(l) as Report);
    const refusedAt = reports.findIndex((r) => r.type === 'refused');
    assert.ok(refusedAt >= 0, 'the coordinator said it refused someone');
    assert.ok(reports.slice(refusedAt).some((r) => r.type === 'step'), 'training went on after the refusal');
    assert.ok(reports.some((r) => r.type === 'done'));
    assert.ok(reports.filter((r) => r.type === 'step').every((r) => r.members === 1), 'the intruder never took part in a step');
  });
});
