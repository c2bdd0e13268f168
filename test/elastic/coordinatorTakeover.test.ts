/**
 * The coordinator role across real processes: two `tensile coordinator` processes on one job,
 * the leader killed with SIGKILL, the other taking the lease over and carrying on.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { RedisStore } from '../../src/elastic/store/redis.js';
import { startRedis } from './redisServer.js';

const bin = fileURLToPath(new URL('../../src/cli/bin.ts', import.meta.url));
const server = await startRedis();
const processes: ChildProcess[] = [];
after(async () => {
  for (const p of processes) if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
  await server.stop();
});

/** Starts `tensile coordinator`; resolves with the process and its id once it runs. */
async function startCoordinator(job: string, leaseMs: number): Promise<{ child: ChildProcess; id: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', bin, 'coordinator', '--redis', server.url, '--job', job, '--lease-ms', String(leaseMs)], { stdio: ['ignore', 'pipe', 'inherit'] });
  processes.push(child);
  for await (const line of createInterface({ input: child.stdout! })) {
    const event = JSON.parse(line) as { event: string; id: string };
    if (event.event === 'started') return { child, id: event.id };
  }
  throw new Error('tensile coordinator exited before starting');
}

/** Polls `read` until it gives something `ok` accepts; fails after `ms`. */
async function until<T>(read: () => Promise<T>, ok: (value: T) => boolean, ms: number, what: string): Promise<T> {
  const deadline = performance.now() + ms;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (performance.now() > deadline) throw new Error(`${what}: still ${JSON.stringify(value)} after ${ms} ms`);
    await sleep(20);
  }
}

describe('tensile coordinator (Redis)', () => {
  it('SIGKILL the leading coordinator: the standby takes the lease over within a lease period and publishes the next generation', async (t) => {
    const job = `takeover-${process.pid}`;
    const leaseMs = 1000;
    const store = new RedisStore(server.url, job);
    try {
      const [first, second] = await Promise.all([startCoordinator(job, leaseMs), startCoordinator(job, leaseMs)]);
      const leader = await until(() => store.coordinator(), (id) => id === first.id || id === second.id, 5000, 'a leader');
      const [leading, standby] = leader === first.id ? [first, second] : [second, first];

      await store.join({ id: 'a', host: 'test', pid: 1 }, 60_000);
      await until(() => store.generation(), (g) => g?.members.join() === 'a', 5000, 'generation {a}');

      leading.child.kill('SIGKILL');
      const killed = performance.now();
      await until(() => store.coordinator(), (id) => id === standby.id, leaseMs + 2000, 'takeover');
      const tookOver = performance.now() - killed;
      t.diagnostic(`took over ${tookOver.toFixed(0)} ms after the SIGKILL (lease ${leaseMs} ms)`);
      assert.ok(tookOver <= leaseMs + 1000, `took over after ${tookOver.toFixed(0)} ms (lease ${leaseMs} ms)`);

      await store.join({ id: 'b', host: 'test', pid: 2 }, 60_000);
      const next = await until(() => store.generation(), (g) => g?.members.join() === 'a,b', 5000, 'generation {a, b}');
      assert.equal(next!.id, 2);

      standby.child.kill('SIGTERM');
      const [code] = await once(standby.child, 'exit');
      assert.equal(code, 0);
      assert.equal(await store.coordinator(), undefined, 'a stopped coordinator gives its lease up');
    } finally {
      await store.close();
    }
  });
});
