import { record } from '../../autograd/tape.js';
import type { OpAttrs } from '../../autograd/opAttrs.js';
import type { RecurrenceInputs, RecurrenceSpec, RecurrentActivation, RecurrentCell } from '../../backend/backend.js';
import { RECURRENT_ACTIVATIONS, RECURRENT_CELLS } from '../../backend/backend.js';
import { backend } from '../../backend/index.js';
import { ArgumentError, ShapeError, fmtShape } from '../../errors.js';
import { sameShape } from '../shape.js';
import { Tensor } from '../tensor.js';
import { asTensor, requireFloat } from './operands.js';

export interface RecurrenceArgs {
  cell: RecurrentCell;
  /** `[batch, steps, gates * units]`: x W + b for every step (gates: 1 simpleRNN, 4 lstm, 3 gru). */
  xProj: Tensor;
  /** `[units, gates * units]`, column blocks in Keras' gate order. */
  recurrentKernel: Tensor;
  /** `[batch, states * units]`: h, or h then c for lstm. */
  initialState: Tensor;
  /** `[gates * units]`: gruResetAfter's recurrent bias (and only its). */
  recurrentBias?: Tensor;
  /** `[batch, steps]`: 0 marks a padded step, whose state and output carry over from the step before. */
  mask?: Tensor;
  /** `[batch, units]`: multiplies h before the recurrent product (recurrent dropout). */
  recurrentMask?: Tensor;
  /** Default 'tanh'. */
  activation?: RecurrentActivation;
  /** Default 'sigmoid'. */
  recurrentActivation?: RecurrentActivation;
}

const OP = 'recurrence';

function requireShape(name: string, t: Tensor, shape: readonly number[], meaning: string): void {
  if (!sameShape(t.shape, shape)) throw new ShapeError(`${OP}: ${name} must have shape ${fmtShape(shape)} (${meaning}), found ${fmtShape(t.shape)}`);
}

function choice<T extends string>(name: string, value: unknown, choices: readonly T[]): T {
  if (!choices.includes(value as T)) throw new ArgumentError(`${OP}: ${name} must be one of ${choices.join(', ')}, found ${JSON.stringify(value)}`);
  return value as T;
}

/** A mask as 1 (keep) and 0, from any tensor of `shape` whose nonzero entries mean keep. */
function maskValues(name: string, x: Tensor | undefined, shape: readonly number[], meaning: string): Float32Array | undefined {
  if (x === undefined) return undefined;
  requireShape(name, asTensor(OP, x, name), shape, meaning);
  return name === 'mask' ? Float32Array.from(x.values, (v) => (v !== 0 ? 1 : 0)) : requireFloat(OP, x, name).values as Float32Array;
}

/**
 * A recurrent layer's loop over time, one kernel call (formulas on `RecurrenceSpec`): the state
 * after every step, `[batch, steps, states * units]`. Differentiable in xProj, the recurrent
 * kernel, the initial state and the recurrent bias; backpropagation through time runs in one
 * backward kernel call.
 */
export function recurrence(args: RecurrenceArgs): Tensor {
  const cell = choice('cell', args.cell, Object.keys(RECURRENT_CELLS) as RecurrentCell[]);
  const xProj = requireFloat(OP, asTensor(OP, args.xProj, 'xProj'), 'xProj');
  const kernel = requireFloat(OP, asTensor(OP, args.recurrentKernel, 'recurrentKernel'), 'recurrentKernel');
  const initialState = requireFloat(OP, asTensor(OP, args.initialState, 'initialState'), 'initialState');
  const { gates, states } = RECURRENT_CELLS[cell];
  if (kernel.rank !== 2 || kernel.shape[1] !== gates * kernel.shape[0]!) {
    throw new ShapeError(`${OP}: recurrentKernel must have shape [units, ${gates} * units] for ${cell}, found ${fmtShape(kernel.shape)}`);
  }
  const units = kernel.shape[0]!;
  if (xProj.rank !== 3) throw new ShapeError(`${OP}: xProj must have rank 3 [batch, steps, ${gates * units}], found ${fmtShape(xProj.shape)}`);
  const [batch, steps] = xProj.shape as [number, number, number];
  requireShape('xProj', xProj, [batch, steps, gates * units], `[batch, steps, ${gates} * units] for ${cell}`);
  requireShape('initialState', initialState, [batch, states * units], states === 1 ? '[batch, units]' : '[batch, units] h then c');
  const inputs = [xProj, kernel, initialState];
  const values: RecurrenceInputs = { xProj: xProj.values as Float32Array, recurrentKernel: kernel.values as Float32Array, initialState: initialState.values as Float32Array };
  if ((args.recurrentBias !== undefined) !== (cell === 'gruResetAfter')) {
    throw new ArgumentError(`${OP}: a recurrentBias is ${cell === 'gruResetAfter' ? 'required' : 'only taken'} for gruResetAfter, found ${args.recurrentBias === undefined ? 'none' : 'one'} for ${cell}`);
  }
  if (args.recurrentBias !== undefined) {
    const bias = requireFloat(OP, asTensor(OP, args.recurrentBias, 'recurrentBias'), 'recurrentBias');
    requireShape('recurrentBias', bias, [gates * units], '[3 * units]');
    values.recurrentBias = bias.values as Float32Array;
    inputs.push(bias);
  }
  const mask = maskValues('mask', args.mask, [batch, steps], '[batch, steps]');
  const recurrentMask = maskValues('recurrentMask', args.recurrentMask, [batch, units], '[batch, units]');
  if (mask !== undefined) values.mask = mask;
  if (recurrentMask !== undefined) values.recurrentMask = recurrentMask;
  const spec: RecurrenceSpec = {
    cell, batch, steps, units,
    activation: choice('activation', args.activation ?? 'tanh', RECURRENT_ACTIVATIONS),
    recurrentActivation: choice('recurrentActivation', args.recurrentActivation ?? 'sigmoid', RECURRENT_ACTIVATIONS),
  };
  const result = backend().recurrence(values, spec);
  const out = new Tensor(result.states, [batch, steps, states * units]);
  return record(OP, inputs, out, { spec, ...(mask === undefined ? {} : { mask }), ...(recurrentMask === undefined ? {} : { recurrentMask }), reserve: result.reserve });
}

/** The gradients of `recurrence`'s inputs, in input order (for the gradient table; not recorded). */
export function recurrenceGradients(dy: Tensor, inputs: readonly Tensor[], output: Tensor, attrs: OpAttrs['recurrence']): Tensor[] {
  const [xProj, kernel, initialState, bias] = inputs as [Tensor, Tensor, Tensor, Tensor | undefined];
  const values: RecurrenceInputs = {
    xProj: xProj.values as Float32Array, recurrentKernel: kernel.values as Float32Array, initialState: initialState.values as Float32Array,
    ...(bias === undefined ? {} : { recurrentBias: bias.values as Float32Array }),
    ...(attrs.mask === undefined ? {} : { mask: attrs.mask }),
    ...(attrs.recurrentMask === undefined ? {} : { recurrentMask: attrs.recurrentMask }),
  };
  const g = backend().recurrenceBackward(dy.values as Float32Array, values, { states: output.values as Float32Array, reserve: attrs.reserve }, attrs.spec);
  const grads = [new Tensor(g.dxProj, xProj.shape), new Tensor(g.dRecurrentKernel, kernel.shape), new Tensor(g.dInitialState, initialState.shape)];
  if (bias !== undefined) grads.push(new Tensor(g.dRecurrentBias!, bias.shape));
  return grads;
}
