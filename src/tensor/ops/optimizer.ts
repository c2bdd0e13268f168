import type { AdamSpec } from '../../backend/backend.js';
import { backend } from '../../backend/index.js';
import { ShapeError, fmtShape } from '../../errors.js';
import { sameShape } from '../shape.js';
import { Tensor } from '../tensor.js';
import { requireFloat } from './operands.js';

export interface AdamState {
  value: Tensor;
  m: Tensor;
  v: Tensor;
}

/**
 * One fused Adam step for a parameter (formulas on `AdamSpec`): the next value and moments.
 * For optimizers: not recorded, since updates are not differentiated.
 */
export function adamStep(param: Tensor, grad: Tensor, m: Tensor, v: Tensor, spec: AdamSpec): AdamState {
  const op = 'adamStep';
  for (const [name, t] of [['param', param], ['grad', grad], ['m', m], ['v', v]] as const) {
    requireFloat(op, t, name);
    if (!sameShape(t.shape, param.shape)) {
      throw new ShapeError(`${op}: ${name} has shape ${fmtShape(t.shape)} but the parameter has ${fmtShape(param.shape)}`);
    }
  }
  const out = backend().adam(param.values as Float32Array, grad.values as Float32Array, m.values as Float32Array, v.values as Float32Array, spec);
  return { value: new Tensor(out.param, param.shape), m: new Tensor(out.m, param.shape), v: new Tensor(out.v, param.shape) };
}
