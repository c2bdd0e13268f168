import type {
  RecurrenceGradients, RecurrenceInputs, RecurrenceResult, RecurrenceSpec, RecurrentActivation,
} from '../backend.js';
import { RECURRENT_CELLS } from '../backend.js';
import { UNARY } from './elementwise.js';

/**
 * The recurrence kernels (formulas on `RecurrenceSpec`), one sequence row and one step at a time
 * in float64 temporaries, written to be checked by eye rather than to be fast.
 */

type Fn = (x: number) => number;

const ACTIVATE: Record<RecurrentActivation, Fn> = {
  linear: (x) => x,
  relu: UNARY.relu,
  sigmoid: UNARY.sigmoid,
  tanh: UNARY.tanh,
  // TF.js' and Keras 2's: clip(0.2 x + 0.5, 0, 1).
  hardSigmoid: (x) => Math.min(1, Math.max(0, 0.2 * x + 0.5)),
};

/** Each activation's derivative as a function of its output y. */
const DERIVATIVE: Record<RecurrentActivation, Fn> = {
  linear: () => 1,
  relu: (y) => (y > 0 ? 1 : 0),
  sigmoid: (y) => y * (1 - y),
  tanh: (y) => 1 - y * y,
  hardSigmoid: (y) => (y > 0 && y < 1 ? 0.2 : 0),
};

/** out[j] = Σ_u v[u] R[u, from + j] for j < count (R has `cols` columns). */
function vecMat(v: ArrayLike<number>, r: Float32Array, cols: number, from: number, count: number): Float64Array {
  const out = new Float64Array(count);
  for (let u = 0; u < v.length; u++) {
    const vu = v[u]!;
    const row = u * cols + from;
    for (let j = 0; j < count; j++) out[j]! += vu * r[row + j]!;
  }
  return out;
}

/** out[u] += Σ_j d[j] R[u, from + j]: a gradient through `vecMat`. */
function addMatVecT(out: Float64Array, d: ArrayLike<number>, r: Float32Array, cols: number, from: number): void {
  for (let u = 0; u < out.length; u++) {
    const row = u * cols + from;
    let s = 0;
    for (let j = 0; j < d.length; j++) s += d[j]! * r[row + j]!;
    out[u]! += s;
  }
}

/** dR[u, from + j] += v[u] d[j]. */
function addOuter(dR: Float64Array, v: ArrayLike<number>, d: ArrayLike<number>, cols: number, from: number): void {
  for (let u = 0; u < v.length; u++) {
    const row = u * cols + from;
    for (let j = 0; j < d.length; j++) dR[row + j]! += v[u]! * d[j]!;
  }
}

interface Layout {
  U: number;
  G: number;
  S: number;
  W: number;
}

function layoutOf(s: RecurrenceSpec): Layout {
  const cell = RECURRENT_CELLS[s.cell];
  return { U: s.units, G: cell.gates * s.units, S: cell.states * s.units, W: cell.reserve * s.units };
}

/** The state before step t of row b: the initial state or the previous step's. */
function previous(inputs: RecurrenceInputs, states: Float32Array, l: Layout, steps: number, b: number, t: number): Float32Array {
  return t === 0 ? inputs.initialState.subarray(b * l.S, (b + 1) * l.S) : states.subarray((b * steps + t - 1) * l.S, (b * steps + t) * l.S);
}

const isPadding = (inputs: RecurrenceInputs, steps: number, b: number, t: number): boolean =>
  inputs.mask !== undefined && inputs.mask[b * steps + t] === 0;

export function recurrence(inputs: RecurrenceInputs, s: RecurrenceSpec): RecurrenceResult {
  const l = layoutOf(s);
  const { U, G } = l;
  const { recurrentKernel: R, xProj, recurrentMask } = inputs;
  const act = ACTIVATE[s.activation];
  const rec = ACTIVATE[s.recurrentActivation];
  const states = new Float32Array(s.batch * s.steps * l.S);
  const reserve = new Float32Array(s.batch * s.steps * l.W);
  for (let b = 0; b < s.batch; b++) {
    for (let t = 0; t < s.steps; t++) {
      const prev = previous(inputs, states, l, s.steps, b, t);
      const out = states.subarray((b * s.steps + t) * l.S, (b * s.steps + t + 1) * l.S);
      if (isPadding(inputs, s.steps, b, t)) {
        out.set(prev);
        continue;
      }
      const x = xProj.subarray((b * s.steps + t) * G, (b * s.steps + t + 1) * G);
      const saved = reserve.subarray((b * s.steps + t) * l.W, (b * s.steps + t + 1) * l.W);
      const m = saved.subarray(0, U);
      for (let u = 0; u < U; u++) m[u] = prev[u]! * (recurrentMask === undefined ? 1 : recurrentMask[b * U + u]!);
      if (s.cell === 'simpleRNN') {
        const a = vecMat(m, R, G, 0, G);
        for (let j = 0; j < U; j++) out[j] = act(x[j]! + a[j]!);
      } else if (s.cell === 'lstm') {
        const a = vecMat(m, R, G, 0, G);
        for (let j = 0; j < U; j++) {
          const i = rec(x[j]! + a[j]!), f = rec(x[U + j]! + a[U + j]!);
          const g = act(x[2 * U + j]! + a[2 * U + j]!), o = rec(x[3 * U + j]! + a[3 * U + j]!);
          const c = f * prev[U + j]! + i * g;
          const ac = act(c);
          saved[U + j] = i;
          saved[2 * U + j] = f;
          saved[3 * U + j] = g;
          saved[4 * U + j] = o;
          saved[5 * U + j] = ac;
          out[j] = o * ac;
          out[U + j] = c;
        }
      } else {
        const resetAfter = s.cell === 'gruResetAfter';
        const q = vecMat(m, R, G, 0, resetAfter ? G : 2 * U);
        if (resetAfter) for (let j = 0; j < G; j++) q[j]! += inputs.recurrentBias![j]!;
        const z = new Float64Array(U), r = new Float64Array(U);
        for (let j = 0; j < U; j++) {
          z[j] = rec(x[j]! + q[j]!);
          r[j] = rec(x[U + j]! + q[U + j]!);
        }
        const rm = Float64Array.from(m, (mu, u) => r[u]! * mu);
        const qh = resetAfter ? q.subarray(2 * U) : vecMat(rm, R, G, 2 * U, U);
        for (let j = 0; j < U; j++) {
          const n = act(x[2 * U + j]! + (resetAfter ? r[j]! * qh[j]! : qh[j]!));
          saved[U + j] = z[j]!;
          saved[2 * U + j] = r[j]!;
          saved[3 * U + j] = n;
          saved[4 * U + j] = resetAfter ? qh[j]! : rm[j]!;
          out[j] = z[j]! * m[j]! + (1 - z[j]!) * n;
        }
      }
    }
  }
  return { states, reserve };
}

export function recurrenceBackward(dStates: Float32Array, inputs: RecurrenceInputs, forward: RecurrenceResult, s: RecurrenceSpec): RecurrenceGradients {
  const l = layoutOf(s);
  const { U, G, S } = l;
  const { recurrentKernel: R, recurrentMask } = inputs;
  const dAct = DERIVATIVE[s.activation];
  const dRec = DERIVATIVE[s.recurrentActivation];
  const dxProj = new Float32Array(s.batch * s.steps * G);
  const dR = new Float64Array(U * G);
  const dBias = new Float64Array(G);
  const dInitialState = new Float32Array(s.batch * S);
  for (let b = 0; b < s.batch; b++) {
    // Gradient reaching the state after step t from later steps.
    let carry = new Float64Array(S);
    for (let t = s.steps - 1; t >= 0; t--) {
      const row = b * s.steps + t;
      const dS = Float64Array.from(carry, (c, j) => c + dStates[row * S + j]!);
      if (isPadding(inputs, s.steps, b, t)) {
        carry = dS;
        continue;
      }
      const prev = previous(inputs, forward.states, l, s.steps, b, t);
      const saved = forward.reserve.subarray(row * l.W, (row + 1) * l.W);
      const block = (k: number) => saved.subarray(k * U, (k + 1) * U);
      const m = block(0);
      const dA = dxProj.subarray(row * G, (row + 1) * G);
      const dm = new Float64Array(U);
      carry = new Float64Array(S);
      if (s.cell === 'simpleRNN') {
        const h = forward.states.subarray(row * S, (row + 1) * S);
        for (let j = 0; j < U; j++) dA[j] = dS[j]! * dAct(h[j]!);
        addOuter(dR, m, dA, G, 0);
        addMatVecT(dm, dA, R, G, 0);
      } else if (s.cell === 'lstm') {
        const [i, f, g, o, ac] = [1, 2, 3, 4, 5].map(block) as [Float32Array, Float32Array, Float32Array, Float32Array, Float32Array];
        for (let j = 0; j < U; j++) {
          const dh = dS[j]!;
          const dc = dS[U + j]! + dh * o[j]! * dAct(ac[j]!);
          dA[j] = dc * g[j]! * dRec(i[j]!);
          dA[U + j] = dc * prev[U + j]! * dRec(f[j]!);
          dA[2 * U + j] = dc * i[j]! * dAct(g[j]!);
          dA[3 * U + j] = dh * ac[j]! * dRec(o[j]!);
          carry[U + j] = dc * f[j]!;
        }
        addOuter(dR, m, dA, G, 0);
        addMatVecT(dm, dA, R, G, 0);
      } else {
        const resetAfter = s.cell === 'gruResetAfter';
        const [z, r, n, extra] = [1, 2, 3, 4].map(block) as [Float32Array, Float32Array, Float32Array, Float32Array];
        // dQ: the gradient of the recurrent product's columns (q in the formulas).
        const dQ = new Float64Array(G);
        const dn = Float64Array.from(n, (nj, j) => dS[j]! * (1 - z[j]!) * dAct(nj));
        // Without resetAfter, r reaches the output through (r m) R_h: its gradient is dn R_hᵀ.
        const dRm = new Float64Array(U);
        if (!resetAfter) addMatVecT(dRm, dn, R, G, 2 * U);
        for (let j = 0; j < U; j++) {
          dA[j] = dQ[j] = dS[j]! * (m[j]! - n[j]!) * dRec(z[j]!);
          const dr = resetAfter ? dn[j]! * extra[j]! : dRm[j]! * m[j]!;
          dA[U + j] = dQ[U + j] = dr * dRec(r[j]!);
          dA[2 * U + j] = dn[j]!;
          dQ[2 * U + j] = resetAfter ? dn[j]! * r[j]! : 0;
          dm[j] = dS[j]! * z[j]! + (resetAfter ? 0 : dRm[j]! * r[j]!);
        }
        if (resetAfter) {
          for (let j = 0; j < G; j++) dBias[j]! += dQ[j]!;
          addOuter(dR, m, dQ, G, 0);
          addMatVecT(dm, dQ, R, G, 0);
        } else {
          addOuter(dR, m, dQ.subarray(0, 2 * U), G, 0);
          addOuter(dR, extra, dn, G, 2 * U);
          addMatVecT(dm, dQ.subarray(0, 2 * U), R, G, 0);
        }
      }
      for (let u = 0; u < U; u++) carry[u] = dm[u]! * (recurrentMask === undefined ? 1 : recurrentMask[b * U + u]!);
    }
    dInitialState.set(carry, b * S);
  }
  return {
    dxProj,
    dRecurrentKernel: Float32Array.from(dR),
    dInitialState,
    ...(s.cell === 'gruResetAfter' ? { dRecurrentBias: Float32Array.from(dBias) } : {}),
  };
}
