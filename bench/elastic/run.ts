/**
 * `npm run bench:elastic [-- SCENARIO... --skip SIDE,...]`: elastic training on this machine,
 * Tensile beside torchrun, every figure measured in the same run, each in a process of its own
 * (scenario.ts), one after the other:
 *
 *   throughput  MLP 784-128-10, Adam, global batch 512: samples/s of 1 worker pinned to one core
 *               (taskset), 1 worker on both cores, 2 workers
 *   kill        3 workers, one SIGKILLed 5 times: time to the next committed step, survivors
 *               restarted, committed steps computed again
 *   join        a worker added to 2: time to its first step, steps the others ran meanwhile,
 *               workers restarted for it
 *   hang        3 workers, one SIGSTOPped: time until the others commit a step without it
 *
 * Sides: `threads` (Tensile's embedded mode, worker threads), `processes` (`tensile worker`
 * processes, Redis, Gloo) and `torchrun` (PyTorch 1.13, c10d rendezvous, gloo, DDP; skipped
 * when /usr/bin/python3 cannot import torch). Loopback only; every process and redis-server a
 * scenario starts is stopped when it ends. Prints the load average first, one table, then one
 * JSON line per row with the ratio processes / torchrun.
 */
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { torchUnavailable } from '../peers/torch.js';
import { median } from '../timing.js';
import type { Hang, Joining, Recovery, Scenario, Side, Throughput } from './measures.js';
import { SCENARIOS, SIDES } from './measures.js';

const args = process.argv.slice(2);
const skipAt = args.indexOf('--skip');
const skipped = new Set(skipAt >= 0 ? args[skipAt + 1]!.split(',') : []);
const chosen = args.filter((a, i) => !a.startsWith('--') && (skipAt < 0 || i !== skipAt + 1)) as Scenario[];
const scenarios = chosen.length > 0 ? chosen : [...SCENARIOS];
const unknown = [...scenarios.filter((s) => !SCENARIOS.includes(s)), ...[...skipped].filter((s) => !SIDES.includes(s as Side))];
if (unknown.length > 0) throw new Error(`bench:elastic: unknown ${unknown.join(', ')}; scenarios: ${SCENARIOS.join(', ')}; sides: ${SIDES.join(', ')}`);
const torchNote = torchUnavailable();
if (torchNote !== undefined) skipped.add('torchrun');
const sides = SIDES.filter((s) => !skipped.has(s));

const SCRIPT = fileURLToPath(new URL('./scenario.ts', import.meta.url));
/** Longer than any scenario's own waits: a scenario past it is interrupted (and stops what it started). */
const SCENARIO_LIMIT_MS = 6 * 60_000;

/** One scenario's result, or why it failed. */
function measure<T>(side: Side, scenario: Scenario, workers?: string, pinned = false): T | string {
  const command = [process.execPath, '--import', 'tsx', SCRIPT, side, scenario, ...(workers === undefined ? [] : [workers])];
  const [file, ...rest] = pinned ? ['taskset', '-c', '0', ...command] : command;
  const run = spawnSync(file!, rest, { encoding: 'utf8', timeout: SCENARIO_LIMIT_MS, killSignal: 'SIGTERM', maxBuffer: 1 << 24 });
  const line = run.stdout.split('\n').find((l) => l.startsWith('{'));
  if (line !== undefined) return JSON.parse(line) as T;
  return (run.stderr.trim().split('\n').filter((l) => /error/i.test(l)).pop() ?? '') || `exit ${run.status ?? run.signal}`;
}

type Cell = number | string | undefined;
interface Row {
  name: string;
  cells: Partial<Record<Side, Cell>>;
  /** For the ratio: lower is better (times). */
  lowerIsBetter?: boolean;
  target?: string;
}

const rows: Row[] = [];
const notes: string[] = [];
const value = <T extends object, V>(r: T | string | undefined, f: (t: T) => V): V | string | undefined => (r === undefined || typeof r === 'string' ? r : f(r));
const per = <T extends object>(results: Partial<Record<Side, T | string>>, f: (t: T) => Cell): Partial<Record<Side, Cell>> =>
  Object.fromEntries(sides.map((s) => [s, value(results[s], f)]));
const run = <T>(scenario: Scenario, on: readonly Side[], workers?: string, pinned = false): Partial<Record<Side, T | string>> =>
  Object.fromEntries(sides.filter((s) => on.includes(s)).map((s) => [s, measure<T>(s, scenario, workers, pinned)]));

const load = loadavg()[0]!;
console.log(`load average ${load.toFixed(2)}${load > 1.5 ? ' (busy: figures will be low and noisy)' : ''}; MNIST-shaped MLP 784-128-10, Adam, global batch 512, loopback`);
if (torchNote !== undefined) console.log(torchNote);

if (scenarios.includes('throughput')) {
  const all: Side[] = ['threads', 'processes', 'torchrun'];
  const local = { pinned: run<Throughput>('throughput', ['threads'], 'local', true).threads, both: run<Throughput>('throughput', ['threads'], 'local').threads };
  const pinned = run<Throughput>('throughput', all, '1', true);
  const one = run<Throughput>('throughput', all, '1');
  const two = run<Throughput>('throughput', all, '2');
  const ratio = (a: Partial<Record<Side, Throughput | string>>, b: Partial<Record<Side, Throughput | string>>): Partial<Record<Side, Cell>> =>
    Object.fromEntries(sides.map((s) => [s, typeof a[s] === 'object' && typeof b[s] === 'object' ? (a[s] as Throughput).rate / (b[s] as Throughput).rate : '-']));
  rows.push(
    { name: 'samples/s, 1 worker x 1 thread (pinned to 1 core)', cells: per(pinned, (t) => t.rate) },
    { name: 'samples/s, 1 worker x 2 threads', cells: per(one, (t) => t.rate) },
    { name: 'samples/s, 2 workers x 1 thread', cells: per(two, (t) => t.rate) },
    { name: '2 workers / 1 worker x 2 threads (same cores)', cells: ratio(two, one), target: 'processes >= 1.2x' },
    { name: '2 workers / 1 worker x 1 thread (per-core scaling)', cells: ratio(two, pinned), target: 'threads >= 1.7x' },
  );
  notes.push(`threads per worker: ${sides.map((s) => `${s} ${value(one[s], (t) => t.threads)} (1 worker), ${value(two[s], (t) => t.threads)} (2 workers)`).join('; ')}`);
  notes.push(`local fit without workers (threads column's reference): ${value(local.pinned, (t) => t.rate.toFixed(0))} samples/s on 1 core, ${value(local.both, (t) => t.rate.toFixed(0))} on 2`);
}
if (scenarios.includes('kill')) {
  const r = run<Recovery>('kill', ['threads', 'processes', 'torchrun']);
  rows.push(
    { name: 'kill 1 of 3 -> next committed step, ms (median of 5)', cells: per(r, (k) => median(k.ms)), lowerIsBetter: true, target: '<= 500' },
    { name: '  each kill, ms', cells: per(r, (k) => k.ms.map((m) => m.toFixed(0)).join(', ')) },
    { name: '  survivors restarted', cells: per(r, (k) => `${k.survivorsRestarted} of ${k.survivors}`), target: '0' },
    { name: '  committed steps computed again, per kill', cells: per(r, (k) => k.redone.join(', ')), target: '0 (at most the in-flight step)' },
  );
  for (const s of sides) if (typeof r[s] === 'object') notes.push(`kill, ${s}: ${(r[s] as Recovery).note}`);
}
if (scenarios.includes('join')) {
  const r = run<Joining>('join', ['threads', 'processes', 'torchrun']);
  rows.push(
    { name: 'join -> newcomer\'s first step, ms from its start', cells: per(r, (j) => j.fromStartMs), lowerIsBetter: true },
    { name: '  steps the others committed meanwhile', cells: per(r, (j) => j.steps) },
    { name: '  ms / steps from its registering with the job', cells: per(r, (j) => (j.fromJoinedMs === undefined ? '-' : `${j.fromJoinedMs.toFixed(0)} / ${j.stepsFromJoined}`)), target: '<= 1000 / <= 2' },
    { name: '  running workers restarted for it', cells: per(r, (j) => j.restarted), target: '0' },
  );
  for (const s of sides) if (typeof r[s] === 'object') notes.push(`join, ${s}: ${(r[s] as Joining).note}`);
}
if (scenarios.includes('hang')) {
  const r = run<Hang>('hang', ['processes', 'torchrun']);
  rows.push({ name: 'hang (SIGSTOP 1 of 3) -> next committed step, ms', cells: per(r, (h) => h.ms ?? `>= ${h.capMs}`), lowerIsBetter: true, target: '<= 3000' });
  for (const s of sides) if (typeof r[s] === 'object') notes.push(`hang, ${s}: ${(r[s] as Hang).note}`);
}

const fmt = (c: Cell): string => (c === undefined ? '-' : typeof c === 'string' ? c : c >= 100 ? Math.round(c).toLocaleString('en-US') : c.toPrecision(3));
const ratioOf = (row: Row): number | undefined => {
  const [own, peer] = [row.cells.processes, row.cells.torchrun];
  return typeof own === 'number' && typeof peer === 'number' && !row.name.includes(' / ') ? own / peer : undefined;
};
const header = ['figure', ...sides, 'processes/torchrun', 'target'];
const lines = rows.map((row) => {
  const r = ratioOf(row);
  return [row.name, ...sides.map((s) => fmt(row.cells[s])), r === undefined ? '-' : `${r.toFixed(2)}x`, row.target ?? ''];
});
const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
const show = (cells: string[]): string => cells.map((c, i) => (i === 0 || i === cells.length - 1 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
console.log(`\n${show(header)}`);
for (const l of lines) console.log(show(l));
console.log('(ratios of ms: below 1 favours Tensile)');
for (const n of notes) console.log(`- ${n}`);
for (const row of rows) console.log(JSON.stringify({ case: 'elastic', row: row.name.trim(), ...row.cells, ...(ratioOf(row) === undefined ? {} : { 'processes/torchrun': ratioOf(row) }) }));
