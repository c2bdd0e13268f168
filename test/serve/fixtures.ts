import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tl from '../../src/index.js';
import type { ServeHandle, ServeOptions } from '../../src/serve/index.js';

/** A small Dense MLP (4 -> 8 relu -> 3 softmax) with seeded weights, as the served test model. */
export function smallMlp(seed = 1): tl.LayersModel {
  tl.setSeed(seed);
  return tl.sequential([
    tl.layers.dense({ units: 8, activation: 'relu', inputShape: [4] }),
    tl.layers.dense({ units: 3, activation: 'softmax' }),
  ]);
}

/** A temporary model directory with the MLP saved as version 1; `cleanup` removes it. */
export async function savedModel(seed = 1): Promise<{ root: string; dir: string; model: tl.LayersModel; cleanup: () => void }> {
  const root = mkdtempSync(join(tmpdir(), 'tensile-serve-'));
  const dir = join(root, 'mlp');
  const model = smallMlp(seed);
  await model.save(join(dir, '1'));
  return { root, dir, model, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

/** Starts a server on a free loopback port with quiet logs (collected for assertions). */
export async function startTestServer(options: ServeOptions): Promise<{ server: ServeHandle; logs: string[] }> {
  const logs: string[] = [];
  const server = await tl.serve.start({ port: 0, host: '127.0.0.1', log: (line) => logs.push(line), ...options });
  return { server, logs };
}

export interface Reply {
  status: number;
  headers: Headers;
  json: Record<string, unknown>;
}

/** POSTs a JSON body (or a raw string, for malformed ones) and reads the JSON answer. */
export async function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Reply> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, json: JSON.parse(text) as Record<string, unknown> };
}

export async function get(url: string, headers: Record<string, string> = {}): Promise<Reply> {
  const res = await fetch(url, { headers });
  const text = await res.text();
  return { status: res.status, headers: res.headers, json: text.startsWith('{') ? JSON.parse(text) as Record<string, unknown> : { text } };
}

/** The model's own prediction for `rows`, to compare the server's answers with. */
export function expected(model: tl.LayersModel, rows: number[][]): number[][] {
  return model.predict(tl.tensor(rows)).toArray() as number[][];
}

/** Asserts two nested number arrays agree within float32 rounding. */
export function close(actual: unknown, want: number[][], tol = 1e-5): boolean {
  const a = actual as number[][];
  return a.length === want.length && a.every((row, i) => row.length === want[i]!.length && row.every((v, j) => Math.abs(v - want[i]![j]!) <= tol));
}

/** mulberry32: a small seeded generator of numbers in [0, 1), so a failing property test can be replayed. */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}
