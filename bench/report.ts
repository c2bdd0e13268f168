import type { Result } from './cases.js';
import { figure, rowName } from './cases.js';

export const PEERS = ['tfjs-cpu', 'tfjs-wasm', 'torch'] as const;
export type Peer = (typeof PEERS)[number];
export type Framework = 'tensile' | Peer;

export interface Row {
  name: string;
  threads: number;
  unit: string;
  /** Figure per framework; a string says why it is missing. */
  values: Partial<Record<Framework, number | string>>;
}

const keyOf = (r: Result): string => `${rowName(r)}|${r.threads}`;

/** A framework's best figure for each row it measured (rounds measure the same rows again). */
function bestOf(results: readonly Result[] = []): Result[] {
  const best = new Map<string, Result>();
  for (const r of results) {
    const seen = best.get(keyOf(r));
    if (seen === undefined || seen.error !== undefined) {
      best.set(keyOf(r), r);
    } else if (r.error === undefined) {
      const [now, then] = [figure(r), figure(seen)];
      if (now.higherIsBetter ? now.value > then.value : now.value < then.value) best.set(keyOf(r), r);
    }
  }
  return [...best.values()];
}

/**
 * Rows of one case: one per measured figure and thread count, Tensile's value beside each peer's.
 * Peers measured only on one thread (TF.js) appear in the 1-thread rows, and in the others when
 * no 1-thread row exists (training and predict are measured on 2 threads).
 */
export function rows(results: ReadonlyMap<Framework, readonly Result[]>): Row[] {
  const out = new Map<string, Row>();
  for (const r of bestOf(results.get('tensile'))) {
    out.set(keyOf(r), { name: rowName(r), threads: r.threads, unit: r.error ? '' : figure(r).unit, values: { tensile: r.error ?? figure(r).value } });
  }
  for (const peer of PEERS) {
    for (const r of bestOf(results.get(peer))) {
      if (r.error !== undefined) {
        for (const row of out.values()) row.values[peer] ??= r.error;
        continue;
      }
      const own = out.get(keyOf(r));
      if (own !== undefined) own.values[peer] = figure(r).value;
      else for (const row of out.values()) if (row.name === rowName(r)) row.values[peer] ??= figure(r).value;
    }
  }
  return [...out.values()];
}

const fmt = (v: number | string | undefined): string =>
  v === undefined ? '-' : typeof v === 'string' ? 'failed' : v >= 100 ? Math.round(v).toLocaleString('en-US') : v.toPrecision(3);

/** tensile / peer for each peer with a number. */
export function ratios(row: Row): Partial<Record<Peer, number>> {
  const own = row.values.tensile;
  const out: Partial<Record<Peer, number>> = {};
  for (const peer of PEERS) {
    const v = row.values[peer];
    if (typeof own === 'number' && typeof v === 'number') out[peer] = own / v;
  }
  return out;
}

export function printTable(title: string, table: readonly Row[]): void {
  const header = ['case', 'threads', 'tensile', ...PEERS, ...PEERS.map((p) => `tensile/${p}`)];
  const lines = table.map((row) => {
    const r = ratios(row);
    return [row.name, String(row.threads), ...(['tensile', ...PEERS] as const).map((f) => fmt(row.values[f])),
      ...PEERS.map((p) => (r[p] === undefined ? '-' : `${r[p]!.toFixed(2)}x`))];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const show = (cells: string[]): string => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  console.log(`\n${title}`);
  console.log(show(header));
  for (const l of lines) console.log(show(l));
  for (const row of table) {
    const failures = Object.entries(row.values).filter(([, v]) => typeof v === 'string');
    for (const [who, why] of failures) console.log(`  ${who} failed on ${row.name}: ${why}`);
  }
}
