import type { Result } from './cases.js';
import { figure, rowName } from './cases.js';

export const PEERS = ['tfjs-cpu', 'tfjs-wasm', 'torch'] as const;
export type Peer = (typeof PEERS)[number];
/** Tensile on its default backend (native when built), and Tensile forced onto its wasm backend. */
export const VARIANTS = ['tensile', 'tensile-wasm'] as const;
export type Variant = (typeof VARIANTS)[number];
export type Framework = Variant | Peer;

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
 * Rows of one case: one per measured figure and thread count, Tensile's values beside each peer's.
 * Peers measured only on one thread (TF.js) appear in the 1-thread rows, and in the others when
 * no 1-thread row exists (training and predict are measured on 2 threads).
 */
export function rows(results: ReadonlyMap<Framework, readonly Result[]>): Row[] {
  const out = new Map<string, Row>();
  for (const variant of VARIANTS) {
    for (const r of bestOf(results.get(variant))) {
      const row = out.get(keyOf(r)) ?? { name: rowName(r), threads: r.threads, unit: '', values: {} };
      if (r.error === undefined) row.unit = figure(r).unit;
      row.values[variant] = r.error ?? figure(r).value;
      out.set(keyOf(r), row);
    }
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

type Ratio = `${Variant}/${Peer}`;
const RATIOS: readonly [Variant, Peer][] = VARIANTS.flatMap((v) => PEERS.map((p): [Variant, Peer] => [v, p]));

/** variant / peer for each pair with numbers, e.g. `tensile-wasm/tfjs-wasm`. */
export function ratios(row: Row): Partial<Record<Ratio, number>> {
  const out: Partial<Record<Ratio, number>> = {};
  for (const [variant, peer] of RATIOS) {
    const own = row.values[variant];
    const v = row.values[peer];
    if (typeof own === 'number' && typeof v === 'number') out[`${variant}/${peer}`] = own / v;
  }
  return out;
}

export function printTable(title: string, table: readonly Row[]): void {
  const pairs = RATIOS.map(([v, p]): Ratio => `${v}/${p}`);
  const header = ['case', 'threads', ...VARIANTS, ...PEERS, ...pairs];
  const lines = table.map((row) => {
    const r = ratios(row);
    return [row.name, String(row.threads), ...[...VARIANTS, ...PEERS].map((f) => fmt(row.values[f])),
      ...pairs.map((pair) => (r[pair] === undefined ? '-' : `${r[pair]!.toFixed(2)}x`))];
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
