/**
 * One measurement of the elastic benchmarks, in a process of its own (run.ts starts one per row,
 * some pinned to one core with taskset); prints its result as one JSON line:
 *
 *     scenario.ts SIDE SCENARIO [WORKERS]
 *
 * SIDE: threads (Tensile's embedded mode), processes (`tensile worker` + Redis + Gloo), torchrun.
 * SCENARIO: throughput WORKERS (threads: also `local`, a fit without workers), kill, join, hang.
 * Threads per worker: cores this process may use / workers, on every side.
 */
import { availableParallelism } from 'node:os';
import type { Scenario, Side } from './measures.js';
import { SCENARIOS, SIDES } from './measures.js';
import * as threads from './threads.js';
import { TensileProcesses } from './tensileProcesses.js';
import * as torchrun from './torchrunScenarios.js';

async function processes<T>(measure: (p: TensileProcesses) => Promise<T>): Promise<T> {
  const p = await TensileProcesses.start();
  try {
    return await measure(p);
  } finally {
    await p.stop();
  }
}

async function measure(side: Side, scenario: Scenario, workers: number | undefined): Promise<unknown> {
  const threadsEach = Math.max(1, Math.floor(availableParallelism() / (workers ?? 1)));
  switch (`${side} ${scenario}`) {
    case 'threads throughput': return threads.throughput(workers);
    case 'threads kill': return threads.recovery();
    case 'threads join': return threads.joining();
    case 'processes throughput': return processes((p) => p.throughput(workers ?? 1));
    case 'processes kill': return processes((p) => p.recovery());
    case 'processes join': return processes((p) => p.joining());
    case 'processes hang': return processes((p) => p.hang());
    case 'torchrun throughput': return torchrun.throughput(workers ?? 1, threadsEach);
    case 'torchrun kill': return torchrun.recovery();
    case 'torchrun join': return torchrun.joining();
    case 'torchrun hang': return torchrun.hang();
    default: throw new Error(`bench:elastic: no scenario '${scenario}' on side '${side}'`);
  }
}

const [side, scenario, count] = process.argv.slice(2) as [Side, Scenario, string | undefined];
if (!SIDES.includes(side) || !SCENARIOS.includes(scenario)) {
  throw new Error(`bench:elastic: expected SIDE (${SIDES.join(', ')}) and SCENARIO (${SCENARIOS.join(', ')}), found '${side}' '${scenario}'`);
}
const workers = count === undefined || count === 'local' ? undefined : Number(count);
if (workers !== undefined && !(Number.isInteger(workers) && workers >= 1)) throw new Error(`bench:elastic: WORKERS must be a positive integer or 'local', found '${count}'`);
console.log(JSON.stringify(await measure(side, scenario, workers)));
