import type { RecurrentActivation, RecurrentCell } from '../../src/backend/backend.js';
import type { NDArray } from './reference.js';
import { nd } from './reference.js';

/**
 * Float64 reference of the recurrence op: Keras' cell formulas written out per step on plain
 * number arrays, in the order Keras' cells compute them (whole gate vectors, then the state).
 */
export const REF_ACTIVATIONS: Record<RecurrentActivation, (x: number) => number> = {
  linear: (x) => x,
  relu: (x) => Math.max(0, x),
  sigmoid: (x) => 1 / (1 + Math.exp(-x)),
  tanh: Math.tanh,
  hardSigmoid: (x) => Math.min(1, Math.max(0, 0.2 * x + 0.5)),
};

export interface RecurrenceRefArgs {
  cell: RecurrentCell;
  xProj: NDArray;
  recurrentKernel: NDArray;
  initialState: NDArray;
  recurrentBias?: NDArray;
  mask?: NDArray;
  recurrentMask?: NDArray;
  activation: RecurrentActivation;
  recurrentActivation: RecurrentActivation;
}

type Vec = number[];

const add = (a: Vec, b: Vec): Vec => a.map((v, i) => v + b[i]!);
const mul = (a: Vec, b: Vec): Vec => a.map((v, i) => v * b[i]!);

/** v (length U) times columns [from, from + count) of R ([U, cols]). */
function times(v: Vec, r: NDArray, from: number, count: number): Vec {
  const cols = r.shape[1]!;
  return Array.from({ length: count }, (_, j) => v.reduce((s, vu, u) => s + vu * r.data[u * cols + from + j]!, 0));
}

export function recurrenceRef(a: RecurrenceRefArgs): NDArray {
  const [B, T, G] = a.xProj.shape as [number, number, number];
  const U = a.recurrentKernel.shape[0]!;
  const S = a.initialState.shape[1]!;
  const act = (v: Vec) => v.map(REF_ACTIVATIONS[a.activation]);
  const rec = (v: Vec) => v.map(REF_ACTIVATIONS[a.recurrentActivation]);
  const out: number[] = [];
  for (let b = 0; b < B; b++) {
    let state: Vec = Array.from(a.initialState.data.slice(b * S, (b + 1) * S));
    for (let t = 0; t < T; t++) {
      const x: Vec = Array.from(a.xProj.data.slice((b * T + t) * G, (b * T + t + 1) * G));
      const part = (v: Vec, k: number): Vec => v.slice(k * U, (k + 1) * U);
      const h = part(state, 0);
      const m = a.recurrentMask === undefined ? h : mul(h, Array.from(a.recurrentMask.data.slice(b * U, (b + 1) * U)));
      let next: Vec;
      if (a.cell === 'simpleRNN') {
        next = act(add(x, times(m, a.recurrentKernel, 0, U)));
      } else if (a.cell === 'lstm') {
        const z = add(x, times(m, a.recurrentKernel, 0, 4 * U));
        const [i, f, g, o] = [rec(part(z, 0)), rec(part(z, 1)), act(part(z, 2)), rec(part(z, 3))];
        const c = add(mul(f, part(state, 1)), mul(i, g));
        next = [...mul(o, act(c)), ...c];
      } else if (a.cell === 'gru') {
        const zr = add(x.slice(0, 2 * U), times(m, a.recurrentKernel, 0, 2 * U));
        const [z, r] = [rec(part(zr, 0)), rec(part(zr, 1))];
        const n = act(add(part(x, 2), times(mul(r, m), a.recurrentKernel, 2 * U, U)));
        next = z.map((zj, j) => zj * m[j]! + (1 - zj) * n[j]!);
      } else {
        const q = add(times(m, a.recurrentKernel, 0, 3 * U), Array.from(a.recurrentBias!.data));
        const [z, r] = [rec(add(part(x, 0), part(q, 0))), rec(add(part(x, 1), part(q, 1)))];
        const n = act(add(part(x, 2), mul(r, part(q, 2))));
        next = z.map((zj, j) => zj * m[j]! + (1 - zj) * n[j]!);
      }
      if (a.mask === undefined || a.mask.data[b * T + t] !== 0) state = next;
      out.push(...state);
    }
  }
  return nd(out, [B, T, S]);
}
