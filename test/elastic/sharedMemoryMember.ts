/** A worker thread that runs collective scenarios on the shared-memory groups its parent sends. */
import { parentPort } from 'node:worker_threads';
import { SharedMemoryCollective } from '../../src/elastic/collective/sharedMemory.js';
import type { ScenarioName } from './collectiveMember.js';
import { runScenario } from './collectiveMember.js';

export interface MemberTask {
  scenario: ScenarioName;
  arg: number;
  buffer: SharedArrayBuffer;
  rank: number;
  size: number;
  timeoutMs: number;
}

parentPort!.on('message', async (task: MemberTask) => {
  const collective = new SharedMemoryCollective(task.buffer, task.rank, task.size, { timeoutMs: task.timeoutMs });
  parentPort!.postMessage(await runScenario(task.scenario, collective, task.arg));
});
