/**
 * `npm run bench [-- CASE... --seconds S]`: Tensile and its peers (TF.js cpu, TF.js wasm,
 * PyTorch) on the same cases in the same run, each framework in its own process, one after the
 * other. Prints a table per case and one JSON line per measured row with every framework's
 * figure and the ratios tensile / peer (for µs, lower is better: a ratio below 1 favours Tensile).
 */
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { CaseName, Result } from './cases.js';
import { CASES } from './cases.js';
import { torchCommand, torchUnavailable } from './peers/torch.js';
import type { Framework } from './report.js';
import { printTable, ratios, rows } from './report.js';

const args = process.argv.slice(2);
const option = (name: string, fallback: number): number => {
  const at = args.indexOf(name);
  return at >= 0 ? Number(args[at + 1]) : fallback;
};
const seconds = option('--seconds', 2);
const rounds = option('--rounds', 3);
// --skip tfjs-cpu,tfjs-wasm leaves peers out (the plain-JS TF.js CNN step takes minutes).
const skipped = new Set(args.includes('--skip') ? args[args.indexOf('--skip') + 1]!.split(',') : []);
const chosen = args.filter((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--')) as CaseName[];
const cases = chosen.length > 0 ? chosen : [...CASES];
const unknown = cases.filter((c) => !CASES.includes(c));
if (unknown.length > 0) throw new Error(`bench: unknown case ${unknown.join(', ')}; cases: ${CASES.join(', ')}`);

const here = (file: string): string => fileURLToPath(new URL(file, import.meta.url));
/** sgemm is measured on 1 and 2 threads; the training and predict targets are on 2. */
const threadCounts = (c: CaseName): number[] => (c === 'sgemm' ? [1, 2] : [2]);

/** Runs one process and returns the results it printed (JSON lines; everything else is noise). */
function collect(command: string, commandArgs: string[], env: NodeJS.ProcessEnv = process.env): Result[] {
  const run = spawnSync(command, commandArgs, { env, encoding: 'utf8', maxBuffer: 1 << 24 });
  const results = run.stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Result);
  if (results.length === 0) {
    const why = (run.stderr.trim().split('\n').pop() ?? '') || `exit ${run.status}`;
    return [{ case: commandArgs.find((a) => CASES.includes(a as CaseName)) as CaseName, threads: 1, error: why }];
  }
  return results;
}

const node = (script: string, scriptArgs: string[], env?: NodeJS.ProcessEnv): Result[] =>
  collect(process.execPath, ['--import', 'tsx', here(script), ...scriptArgs], env);

const load = loadavg()[0]!;
console.log(`load average ${load.toFixed(2)}${load > 1.5 ? ' (busy: figures will be low and noisy)' : ''}; ${seconds} s per measurement, best of ${rounds} rounds`);
const torchNote = torchUnavailable();
if (torchNote !== undefined) console.log(torchNote);

for (const c of cases) {
  const results = new Map<Framework, Result[]>();
  const add = (f: Framework, rs: Result[]): void => void results.set(f, [...(results.get(f) ?? []), ...rs]);
  // Tensile and PyTorch alternate for `rounds` rounds and each keeps its best figure, so load
  // from other work on the machine hits both alike; TF.js, 10-1000x slower, runs once.
  for (let round = 0; round < rounds; round++) {
    for (const t of threadCounts(c)) {
      add('tensile', node('tensile/run.ts', [c, String(t), String(seconds)], { ...process.env, TENSILE_NUM_THREADS: String(t) }));
      if (torchNote === undefined && !skipped.has('torch')) {
        const torch = torchCommand(c, t, seconds);
        add('torch', collect(torch.command, torch.args, torch.env));
      }
    }
  }
  if (!skipped.has('tfjs-cpu')) add('tfjs-cpu', node('peers/tfjs.ts', ['cpu', c, String(seconds)]));
  if (!skipped.has('tfjs-wasm')) add('tfjs-wasm', node('peers/tfjs.ts', ['wasm', c, String(seconds)]));
  const table = rows(results);
  const backend = results.get('tensile')?.[0]?.backend ?? '?';
  printTable(`${c} (Tensile on its ${backend} backend; TF.js runs on 1 thread)`, table);
  for (const row of table) {
    console.log(JSON.stringify({ case: c, row: row.name, threads: row.threads, unit: row.unit, ...row.values, ratio: ratios(row) }));
  }
}
