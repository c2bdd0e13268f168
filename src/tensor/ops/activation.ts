import { record } from '../../autograd/tape.js';
import type { Activation } from '../../backend/backend.js';
import { backend } from '../../backend/index.js';
import { ArgumentError } from '../../errors.js';
import { normalizeAxis, sizeOf } from '../shape.js';
import { Tensor } from '../tensor.js';
import { add, exp, minimum, mul, sub, unaryOp } from './arithmetic.js';
import { asTensor, requireFloat } from './operands.js';
import { erf } from './special.js';

export const relu = (x: Tensor): Tensor => unaryOp('relu', x, false);
export const sigmoid = (x: Tensor): Tensor => unaryOp('sigmoid', x, true);
export const tanh = (x: Tensor): Tensor => unaryOp('tanh', x, true);

/** x for x > 0, alpha x below (alpha 0.2 as TF.js' leakyRelu and Keras 3's leaky_relu activation). */
export function leakyRelu(x: Tensor, alpha = 0.2): Tensor {
  const t = requireFloat('leakyRelu', asTensor('leakyRelu', x));
  return add(relu(t), mul(minimum(t, 0), alpha));
}

/** x for x > 0, alpha (exp(x) - 1) below (Clevert et al. 2015). */
export function elu(x: Tensor, alpha = 1): Tensor {
  const t = requireFloat('elu', asTensor('elu', x));
  return add(relu(t), mul(sub(exp(minimum(t, 0)), 1), alpha));
}

/** clip(0.2 x + 0.5, 0, 1): TF.js' and Keras 2's piecewise-linear sigmoid (TF.js recurrent layers' default gate activation). */
export function hardSigmoid(x: Tensor): Tensor {
  const t = requireFloat('hardSigmoid', asTensor('hardSigmoid', x));
  return minimum(relu(add(mul(t, 0.2), 0.5)), 1);
}

/** x Phi(x) = x (1 + erf(x / sqrt 2)) / 2: the exact GELU, Keras' default (approximate = false). */
export function gelu(x: Tensor): Tensor {
  const t = requireFloat('gelu', asTensor('gelu', x));
  return mul(mul(t, 0.5), add(erf(mul(t, Math.SQRT1_2)), 1));
}

/** The logits of each tensor that softmax made over the last axis, held weakly (see softmaxLogits). */
const SOFTMAX_LOGITS = new WeakMap<Tensor, Tensor>();

function softmaxLike(op: 'softmax' | 'logSoftmax', x: Tensor, axis: number): Tensor {
  const t = requireFloat(op, asTensor(op, x));
  if (t.rank === 0) throw new ArgumentError(`${op}: expected a tensor of rank >= 1, found a scalar`);
  const a = normalizeAxis(op, axis, t.rank);
  const dims = { outer: sizeOf(t.shape.slice(0, a)), axis: t.shape[a]!, inner: sizeOf(t.shape.slice(a + 1)) };
  const out = record(op, [t], new Tensor(backend()[op](t.values as Float32Array, dims), t.shape), { axis: a });
  if (op === 'softmax' && a === t.rank - 1) SOFTMAX_LOGITS.set(out, t);
  return out;
}

/**
 * The logits `p` was computed from when `p = softmax(logits)` over the last axis, else
 * undefined. Cross-entropy on probabilities uses them as Keras does with a softmax output
 * layer: logSoftmax(logits) is exact where log(clip(p)) saturates, and its gradient is one op's
 * (p - target) rather than a chain through clip, log and softmax.
 */
export function softmaxLogits(p: Tensor): Tensor | undefined {
  return SOFTMAX_LOGITS.get(p);
}

/** exp(x) / sum(exp(x)) along `axis`, computed stably. */
export const softmax = (x: Tensor, axis = -1): Tensor => softmaxLike('softmax', x, axis);
/** x - log(sum(exp(x))) along `axis`; use it (not log(softmax)) for cross-entropy. */
export const logSoftmax = (x: Tensor, axis = -1): Tensor => softmaxLike('logSoftmax', x, axis);

const ACTIVATIONS: Record<Activation, (x: Tensor) => Tensor> = {
  linear: (x) => x,
  relu,
  sigmoid,
  tanh,
};

/** Applies an activation by name, as layers configure it. */
export function activate(x: Tensor, name: Activation): Tensor {
  // Own keys only: names such as 'toString' or 'constructor' would otherwise find Object.prototype's methods.
  const f = Object.hasOwn(ACTIVATIONS, name) ? ACTIVATIONS[name] : undefined;
  if (f === undefined) {
    throw new ArgumentError(`activate: unknown activation ${JSON.stringify(name)}; expected one of ${Object.keys(ACTIVATIONS).join(', ')}`);
  }
  return f(x);
}
