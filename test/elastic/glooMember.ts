/**
 * A process that runs collective scenarios on Gloo groups: one task per line of stdin (JSON), one
 * result per line of stdout.
 */
import { createInterface } from 'node:readline';
import { GlooCollective } from '../../src/elastic/collective/gloo.js';
import { CollectiveError } from '../../src/elastic/errors.js';
import type { MemberResult, ScenarioName } from './collectiveMember.js';
import { runScenario } from './collectiveMember.js';

export interface GlooTask {
  scenario: ScenarioName;
  arg: number;
  redis: string;
  prefix: string;
  rank: number;
  size: number;
  timeoutMs: number;
}

for await (const line of createInterface({ input: process.stdin })) {
  const task = JSON.parse(line) as GlooTask;
  let result: MemberResult;
  try {
    const collective = await GlooCollective.connect({ redis: task.redis, job: 'scenarios', timeoutMs: task.timeoutMs }, task.prefix, task.rank, task.size);
    result = await runScenario(task.scenario, collective, task.arg);
    await collective.close();
  } catch (err) {
    const e = err as Error;
    result = { ok: false, name: e.name, message: e.message, ...(err instanceof CollectiveError ? { failure: err.failure } : {}) };
  }
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
