/**
 * What each member of a collective scenario runs (collectiveScenarios.ts): in a worker thread or
 * a process, given the group its harness formed.
 */
import type { Collective } from '../../src/elastic/collective/collective.js';
import { broadcastMessage } from '../../src/elastic/collective/collective.js';
import { CollectiveError } from '../../src/elastic/errors.js';

/** What a member reports: its scenario's value, or the error it threw. */
export type MemberResult = { ok: true; value: unknown } | { ok: false; name: string; failure?: string; message: string };

/** Values every rank can compute for every other, so each member checks its own result. */
const valueOf = (rank: number, i: number, round = 0): number => ((rank + 1) * 0.37 + i * 0.0011 + round * 3) % 17;

/** Sums in float32 arithmetic, added in rank order (what allreduce promises to be identical everywhere). */
function expectedSums(size: number, length: number, round = 0): Float32Array {
  const out = new Float32Array(length);
  for (let i = 0; i < length; i++) {
    let s = 0;
    for (let r = 0; r < size; r++) s += Math.fround(valueOf(r, i, round));
    out[i] = s;
  }
  return out;
}

const close = (a: Float32Array, b: Float32Array): boolean => a.every((v, i) => Math.abs(v - b[i]!) <= 1e-5 * Math.max(1, Math.abs(b[i]!)));

/** A stable fingerprint of floats, for checking that every member got the same bits. */
function fingerprint(data: Float32Array): string {
  let h = 2166136261;
  for (const byte of new Uint8Array(data.buffer, data.byteOffset, data.byteLength)) h = Math.imul(h ^ byte, 16777619) >>> 0;
  return h.toString(16);
}

/** The scenario bodies, run in every member: each returns something the suite checks. */
export const SCENARIOS = {
  /** One allreduce of `length` floats: the sums, and their fingerprint. */
  async allreduce(c: Collective, length: number): Promise<{ correct: boolean; print: string }> {
    const data = Float32Array.from({ length }, (_, i) => valueOf(c.rank, i));
    await c.allreduce(data);
    return { correct: close(data, expectedSums(c.size, length)), print: fingerprint(data) };
  },
  /** 50 allreduces in a row with different values: no operation sees another's numbers. */
  async repeated(c: Collective, length: number): Promise<{ correct: boolean; print: string }> {
    let correct = true;
    let print = '';
    for (let round = 0; round < 50; round++) {
      const data = Float32Array.from({ length }, (_, i) => valueOf(c.rank, i, round));
      await c.allreduce(data);
      correct &&= close(data, expectedSums(c.size, length, round));
      print += fingerprint(data);
    }
    return { correct, print };
  },
  /** A message of `length` bytes from the last rank, its length known only there. */
  async broadcast(c: Collective, length: number): Promise<{ correct: boolean }> {
    const root = c.size - 1;
    const payload = c.rank === root ? Uint8Array.from({ length }, (_, i) => (i * 7 + 3) % 251) : undefined;
    const got = await broadcastMessage(c, payload, root);
    return { correct: got.length === length && got.every((v, i) => v === (i * 7 + 3) % 251) };
  },
  /** Allreduce and broadcast in turns, as members syncing state do: neither may see the other's bytes. */
  async mixed(c: Collective, length: number): Promise<{ correct: boolean }> {
    let correct = true;
    for (let round = 0; round < 20; round++) {
      const sums = Float32Array.from({ length }, (_, i) => valueOf(c.rank, i, round));
      await c.allreduce(sums);
      const root = round % c.size;
      const payload = c.rank === root ? Uint8Array.from({ length: length * 4 }, (_, i) => (i + round) % 256) : undefined;
      const got = await broadcastMessage(c, payload, root);
      correct &&= close(sums, expectedSums(c.size, length, round)) && got.every((v, i) => v === (i + round) % 256);
    }
    return { correct };
  },
  /** Allreduces until the group fails (a member dies): what each survivor then throws. */
  async untilFailure(c: Collective): Promise<never> {
    const data = new Float32Array(1000);
    for (;;) await c.allreduce(data);
  },
} as const;

export type ScenarioName = keyof typeof SCENARIOS;


/** Runs one scenario and reports its value or its error. */
export async function runScenario(name: ScenarioName, c: Collective, arg: number): Promise<MemberResult> {
  try {
    return { ok: true, value: await SCENARIOS[name](c, arg) };
  } catch (err) {
    const e = err as Error;
    return { ok: false, name: e.name, message: e.message, ...(err instanceof CollectiveError ? { failure: err.failure } : {}) };
  }
}
