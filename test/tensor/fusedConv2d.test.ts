import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as tl from '../../src/index.js';
import { checkOp } from '../helpers/opCheck.js';
import * as ref from '../helpers/reference.js';
import { u } from './util.js';

const ACTIVATION_REF: Record<tl.Activation, (z: number) => number> = {
  linear: (z) => z,
  relu: (z) => Math.max(z, 0),
  sigmoid: (z) => 1 / (1 + Math.exp(-z)),
  tanh: Math.tanh,
};

/** activation(conv2d(x, w) + bias) in float64. */
function refFused(activation: tl.Activation, padding: tl.Padding) {
  return (x: ref.NDArray, w: ref.NDArray, bias?: ref.NDArray): ref.NDArray => {
    const z = ref.conv2d(x, w, [1, 1], padding);
    return ref.map(bias === undefined ? z : ref.zip(z, bias, (p, q) => p + q), ACTIVATION_REF[activation]);
  };
}

describe('fusedConv2d', () => {
  for (const activation of ['linear', 'relu', 'sigmoid', 'tanh'] as const) {
    it(`${activation} with bias: values and gradients of x, filter and bias`, () => {
      checkOp({
        op: (x, filter, bias) => tl.fusedConv2d({ x, filter, bias, activation, padding: 'same' }),
        reference: refFused(activation, 'same'),
        inputs: [u([2, 4, 4, 2], 610), u([3, 3, 2, 3], 611, -1, 1), u([3], 612)],
      });
    });
  }

  it('without bias or activation it is conv2d', () => {
    const x = u([1, 5, 5, 2], 620), filter = u([2, 2, 2, 3], 621);
    assert.deepEqual(tl.fusedConv2d({ x, filter }).dataSync(), tl.conv2d(x, filter).dataSync());
  });

  it('refuses a bias of the wrong shape and an unknown activation', () => {
    const x = u([1, 4, 4, 2], 630), filter = u([3, 3, 2, 3], 631);
    assert.throws(() => tl.fusedConv2d({ x, filter, bias: u([2], 632) }), (e: Error) =>
      e instanceof tl.ShapeError && /bias must have shape \[3\]/.test(e.message));
    assert.throws(() => tl.fusedConv2d({ x, filter, activation: 'swish' as tl.Activation }), tl.ArgumentError);
  });
});
