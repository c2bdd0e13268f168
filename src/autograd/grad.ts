import { ArgumentError } from '../errors.js';
import { zeros } from '../tensor/ops/creation.js';
import { asTensor } from '../tensor/ops/operands.js';
import { Tensor } from '../tensor/tensor.js';
import { backpropagate } from './tape.js';

/**
 * Functional gradients in the TF.js style: `grad(f)(x)` is df/dx. Each input is replaced by a
 * fresh leaf sharing its data, so the caller's tensors and their `.grad` are left untouched.
 */
export interface ValueAndGrads {
  value: Tensor;
  grads: Tensor[];
}

export function valueAndGrads(f: (...xs: Tensor[]) => Tensor): (xs: readonly Tensor[], dy?: Tensor) => ValueAndGrads {
  if (typeof f !== 'function') throw new ArgumentError('valueAndGrads: expected a function');
  return (xs, dy) => {
    if (!Array.isArray(xs)) throw new ArgumentError('valueAndGrads: expected an array of input tensors');
    const leaves = xs.map((x, i) => {
      const leaf = asTensor('valueAndGrads', x, `xs[${i}]`).detach();
      leaf.requiresGrad = true;
      return leaf;
    });
    const value = asTensor('valueAndGrads', f(...leaves), 'the value f returned');
    // An input f did not use has gradient zero.
    const found = value.requiresGrad ? backpropagate(value, dy) : new Map<Tensor, Tensor>();
    const grads = leaves.map((leaf) => found.get(leaf) ?? zeros(leaf.shape));
    return { value: value.detach(), grads };
  };
}

export function grads(f: (...xs: Tensor[]) => Tensor): (xs: readonly Tensor[], dy?: Tensor) => Tensor[] {
  const vg = valueAndGrads(f);
  return (xs, dy) => vg(xs, dy).grads;
}

export function valueAndGrad(f: (x: Tensor) => Tensor): (x: Tensor, dy?: Tensor) => { value: Tensor; grad: Tensor } {
  const vg = valueAndGrads(f as (...xs: Tensor[]) => Tensor);
  return (x, dy) => {
    const { value, grads: [g] } = vg([x], dy);
    return { value, grad: g! };
  };
}

export function grad(f: (x: Tensor) => Tensor): (x: Tensor, dy?: Tensor) => Tensor {
  const vg = valueAndGrad(f);
  return (x, dy) => vg(x, dy).grad;
}
