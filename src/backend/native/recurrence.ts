import type { Backend, RecurrenceInputs, RecurrenceSpec } from '../backend.js';
import { RECURRENT_CELLS } from '../backend.js';
import type { NativeAddon } from './addon.js';
import { RECURRENT_ACTIVATION, RECURRENT_CELL } from './codes.js';
import { output } from './output.js';

type RecurrenceKernels = Pick<Backend, 'recurrence' | 'recurrenceBackward'>;

const pack = (s: RecurrenceSpec): Int32Array =>
  Int32Array.of(RECURRENT_CELL[s.cell], s.batch, s.steps, s.units, RECURRENT_ACTIVATION[s.activation], RECURRENT_ACTIVATION[s.recurrentActivation]);

/** The recurrence kernels in C++: per step one oneDNN gemm for all rows, the gates in a loop over rows. */
export function nativeRecurrence(addon: NativeAddon): RecurrenceKernels {
  const args = (x: RecurrenceInputs, s: RecurrenceSpec) =>
    [pack(s), x.xProj, x.recurrentKernel, x.initialState, x.recurrentBias, x.mask, x.recurrentMask] as const;
  return {
    recurrence(x, s) {
      const cell = RECURRENT_CELLS[s.cell];
      const states = output(s.batch * s.steps * cell.states * s.units);
      const reserve = output(s.batch * s.steps * cell.reserve * s.units);
      addon.recurrence(...args(x, s), states, reserve);
      return { states, reserve };
    },
    recurrenceBackward(dStates, x, forward, s) {
      const cell = RECURRENT_CELLS[s.cell];
      const g = cell.gates * s.units;
      const dxProj = output(s.batch * s.steps * g);
      const dRecurrentKernel = output(s.units * g);
      const dInitialState = output(s.batch * cell.states * s.units);
      const dRecurrentBias = s.cell === 'gruResetAfter' ? output(g) : undefined;
      addon.recurrenceBackward(...args(x, s), forward.states, forward.reserve, dStates, dxProj, dRecurrentKernel, dInitialState, dRecurrentBias);
      return { dxProj, dRecurrentKernel, dInitialState, ...(dRecurrentBias === undefined ? {} : { dRecurrentBias }) };
    },
  };
}
