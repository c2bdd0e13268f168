import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as tl from '../../src/index.js';
import type { RecurrentActivation, RecurrentCell } from '../../src/backend/backend.js';
import { RECURRENT_CELLS } from '../../src/backend/backend.js';
import { checkOp } from '../helpers/opCheck.js';
import { recurrenceRef } from '../helpers/recurrence.js';
import { assertThrows, u } from './util.js';

interface Case {
  cell: RecurrentCell;
  activation: RecurrentActivation;
  recurrentActivation: RecurrentActivation;
  mask?: number[];
  recurrentMask?: boolean;
}

const [B, T, U] = [2, 4, 3];

/** Runs checkOp on one case: inputs small enough for finite differences, values away from activation kinks. */
function check(c: Case): void {
  const { gates, states } = RECURRENT_CELLS[c.cell];
  const resetAfter = c.cell === 'gruResetAfter';
  const inputs = [u([B, T, gates * U], 1, -1, 1), u([U, gates * U], 2, -0.8, 0.8), u([B, states * U], 3, -0.9, 0.9)];
  if (resetAfter) inputs.push(u([gates * U], 4, -0.5, 0.5));
  const mask = c.mask === undefined ? undefined : tl.tensor(c.mask, [B, T]);
  // Recurrent dropout: a fixed mask of 0 and 1/(1 - rate) entries.
  const recurrentMask = c.recurrentMask === true ? tl.tensor([2, 0, 2, 0, 2, 2], [B, U]) : undefined;
  const { activation, recurrentActivation, cell } = c;
  checkOp({
    op: (xProj, recurrentKernel, initialState, recurrentBias) => tl.recurrence({
      cell, xProj: xProj!, recurrentKernel: recurrentKernel!, initialState: initialState!, activation, recurrentActivation,
      ...(recurrentBias === undefined ? {} : { recurrentBias }), ...(mask === undefined ? {} : { mask }), ...(recurrentMask === undefined ? {} : { recurrentMask }),
    }),
    reference: (xProj, recurrentKernel, initialState, recurrentBias) => recurrenceRef({
      cell, xProj: xProj!, recurrentKernel: recurrentKernel!, initialState: initialState!, activation, recurrentActivation,
      ...(recurrentBias === undefined ? {} : { recurrentBias }),
      ...(mask === undefined ? {} : { mask: { data: Float64Array.from(mask.dataSync()), shape: [B, T] } }),
      ...(recurrentMask === undefined ? {} : { recurrentMask: { data: Float64Array.from(recurrentMask.dataSync()), shape: [B, U] } }),
    }),
    inputs,
  });
}

describe('recurrence: states and gradients (BPTT) against float64 formulas and finite differences', () => {
  const cells: RecurrentCell[] = ['simpleRNN', 'lstm', 'gru', 'gruResetAfter'];
  for (const cell of cells) {
    it(`${cell}, tanh and sigmoid`, () => check({ cell, activation: 'tanh', recurrentActivation: 'sigmoid' }));
    it(`${cell}, padded steps (mask) carry the state over`, () =>
      check({ cell, activation: 'tanh', recurrentActivation: 'sigmoid', mask: [1, 1, 0, 1, 0, 1, 1, 0] }));
    it(`${cell}, recurrent dropout mask`, () => check({ cell, activation: 'tanh', recurrentActivation: 'sigmoid', recurrentMask: true }));
  }
  it('lstm with TF.js\' default hardSigmoid', () => check({ cell: 'lstm', activation: 'tanh', recurrentActivation: 'hardSigmoid' }));
  it('gru with hardSigmoid and a linear activation', () => check({ cell: 'gru', activation: 'linear', recurrentActivation: 'hardSigmoid' }));
  it('simpleRNN with relu', () => check({ cell: 'simpleRNN', activation: 'relu', recurrentActivation: 'sigmoid' }));
});

describe('recurrence: hand-computed steps', () => {
  it('simpleRNN with one unit: h1 = tanh(x1 + 0.5 h0), h2 = tanh(x2 + 0.5 h1)', () => {
    const out = tl.recurrence({
      cell: 'simpleRNN', xProj: tl.tensor([[[0.1], [0.2]]]), recurrentKernel: tl.tensor([[0.5]]), initialState: tl.tensor([[1]]),
    });
    const h1 = Math.tanh(0.1 + 0.5);
    assert.deepEqual(Array.from(out.dataSync(), (v) => +v.toFixed(6)), [h1, Math.tanh(0.2 + 0.5 * h1)].map((v) => +v.toFixed(6)));
  });

  it('lstm with one unit and a zero recurrent kernel: c = σ(a_f) c0 + σ(a_i) tanh(a_c), h = σ(a_o) tanh(c)', () => {
    const out = tl.recurrence({
      cell: 'lstm', xProj: tl.tensor([[[0.1, 0.2, 0.3, 0.4]]]), recurrentKernel: tl.zeros([1, 4]), initialState: tl.tensor([[0, 0.5]]),
    });
    const s = (x: number) => 1 / (1 + Math.exp(-x));
    const c = s(0.2) * 0.5 + s(0.1) * Math.tanh(0.3);
    assert.deepEqual(Array.from(out.dataSync(), (v) => +v.toFixed(6)), [s(0.4) * Math.tanh(c), c].map((v) => +v.toFixed(6)));
  });
});

describe('recurrence: bad arguments', () => {
  const good = { cell: 'lstm' as const, xProj: tl.zeros([2, 3, 8]), recurrentKernel: tl.zeros([2, 8]), initialState: tl.zeros([2, 4]) };
  it('names the argument, the expected shape and the found one', () => {
    assertThrows(() => tl.recurrence({ ...good, recurrentKernel: tl.zeros([2, 6]) }), tl.ShapeError, /recurrentKernel must have shape \[units, 4 \* units\] for lstm, found \[2,6\]/);
    assertThrows(() => tl.recurrence({ ...good, xProj: tl.zeros([2, 3, 6]) }), tl.ShapeError, /xProj must have shape \[2,3,8\].*found \[2,3,6\]/);
    assertThrows(() => tl.recurrence({ ...good, initialState: tl.zeros([2, 2]) }), tl.ShapeError, /initialState must have shape \[2,4\]/);
    assertThrows(() => tl.recurrence({ ...good, mask: tl.ones([3, 2]) }), tl.ShapeError, /mask must have shape \[2,3\]/);
  });
  it('refuses unknown cells and activations, and a recurrent bias outside gruResetAfter', () => {
    assertThrows(() => tl.recurrence({ ...good, cell: 'rnn' as RecurrentCell }), tl.ArgumentError, /cell must be one of simpleRNN, lstm, gru, gruResetAfter, found "rnn"/);
    assertThrows(() => tl.recurrence({ ...good, activation: 'gelu' as RecurrentActivation }), tl.ArgumentError, /activation must be one of .*hardSigmoid, found "gelu"/);
    assertThrows(() => tl.recurrence({ ...good, recurrentBias: tl.zeros([8]) }), tl.ArgumentError, /only taken for gruResetAfter/);
  });
});
