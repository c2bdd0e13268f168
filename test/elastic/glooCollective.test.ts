import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import type { Interface } from 'node:readline';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { loadAddon } from '../../src/backend/native/addon.js';
import { GlooCollective } from '../../src/elastic/collective/gloo.js';
import { CollectiveError } from '../../src/elastic/errors.js';
import type { MemberResult, ScenarioName } from './collectiveMember.js';
import type { CollectiveHarness } from './collectiveScenarios.js';
import { collectiveScenarios } from './collectiveScenarios.js';
import type { GlooTask } from './glooMember.js';
import { startRedis } from './redisServer.js';

/** Why Gloo cannot be tested here, if it cannot (skipped unless TENSILE_REQUIRE_NATIVE=1, as .ci/run sets). */
function unavailable(): string | undefined {
  try {
    return loadAddon().GlooGroup === undefined ? 'the native addon was built without Gloo (apt-get install libgloo-dev libhiredis-dev; npm rebuild)' : undefined;
  } catch (err) {
    return (err as Error).message;
  }
}

interface Member {
  child: ChildProcess;
  lines: AsyncIterator<string>;
  reader: Interface;
}

/**
 * Members are processes, reused from scenario to scenario, each forming every scenario's group
 * afresh (a new rendezvous prefix). A member that dies is SIGKILLed mid-operation.
 */
class ProcessHarness implements CollectiveHarness {
  readonly chunk = 65_536;
  private readonly members: Member[] = [];
  private groups = 0;

  constructor(private readonly redis: string) {}

  private member(rank: number): Member {
    if (this.members[rank] === undefined) {
      const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./glooMember.ts', import.meta.url))], { stdio: ['pipe', 'pipe', 'inherit'] });
      const reader = createInterface({ input: child.stdout! });
      this.members[rank] = { child, reader, lines: reader[Symbol.asyncIterator]() };
    }
    return this.members[rank];
  }

  async run(scenario: ScenarioName, size: number, arg = 0, die?: number): Promise<MemberResult[]> {
    const prefix = `scenario-${process.pid}-${this.groups++}`;
    const results = Array.from({ length: size }, async (_, rank): Promise<MemberResult> => {
      const member = this.member(rank);
      const task: GlooTask = { scenario, arg, redis: this.redis, prefix, rank, size, timeoutMs: 20_000 };
      member.child.stdin!.write(`${JSON.stringify(task)}\n`);
      const line = await member.lines.next();
      return line.done === true ? { ok: false, name: 'Exited', message: `member ${rank} exited` } : (JSON.parse(line.value) as MemberResult);
    });
    if (die !== undefined) {
      const victim = this.member(die);
      delete this.members[die];
      setTimeout(() => victim.child.kill('SIGKILL'), 1500);
    }
    return Promise.all(results);
  }

  async close(): Promise<void> {
    for (const m of this.members) {
      if (m === undefined) continue;
      m.child.stdin!.end();
      await once(m.child, 'exit');
    }
  }
}

const reason = unavailable();
if (reason === undefined || process.env['TENSILE_REQUIRE_NATIVE'] === '1') {
  // A password-protected Redis: the rendezvous authenticates (the addon's store sends AUTH).
  const server = await startRedis('gloo-pass');
  const harness = new ProcessHarness(server.url);
  after(async () => {
    await harness.close();
    await server.stop();
  });
  if (reason !== undefined) {
    describe('Collective scenarios: Gloo', () => it('has Gloo in the native addon (TENSILE_REQUIRE_NATIVE=1)', () => assert.fail(reason)));
  } else {
    collectiveScenarios('Gloo (processes, TCP, Redis rendezvous with a password)', () => harness);
    describe('Gloo rendezvous authentication', () => {
      it('a wrong Redis password is refused with Redis\'s reason, not a hang', async () => {
        const wrong = { redis: server.url.replace('gloo-pass', 'wrong'), job: 'auth', timeoutMs: 20_000 };
        await assert.rejects(GlooCollective.connect(wrong, `auth-${process.pid}`, 0, 1), (err: Error) => err instanceof CollectiveError && /refused the password/.test(err.message));
      });
    });
  }
} else {
  describe('Collective scenarios: Gloo', () => it('runs when the addon has Gloo', { skip: reason }, () => undefined));
}
