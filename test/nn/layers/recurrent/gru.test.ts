import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as tl from '../../../../src/index.js';
import { recurrenceRef } from '../../../helpers/recurrence.js';
import type { NDArray } from '../../../helpers/reference.js';
import * as ref from '../../../helpers/reference.js';
import { layerContract, rounded, withWeights } from '../../layerContract.js';
import { checkLayerGradients } from '../../layerGradientCheck.js';

const { gru } = tl.layers;
const seq = () => tl.randomUniform([3, 5, 4], -1, 1, 'float32', 3);

layerContract({
  title: 'resetAfter (Keras 3 default): bias [2, 3 * units]',
  make: () => gru({ units: 2 }),
  input: seq,
  outputShape: [3, 2],
  weights: [
    { name: 'kernel', shape: [4, 6], trainable: true },
    { name: 'recurrent_kernel', shape: [2, 6], trainable: true },
    { name: 'bias', shape: [2, 6], trainable: true },
  ],
});

layerContract({
  title: 'resetAfter false (TF.js): bias [3 * units], returnSequences',
  make: () => gru({ units: 2, resetAfter: false, returnSequences: true }),
  input: seq,
  outputShape: [3, 5, 2],
  weights: [
    { name: 'kernel', shape: [4, 6], trainable: true },
    { name: 'recurrent_kernel', shape: [2, 6], trainable: true },
    { name: 'bias', shape: [6], trainable: true },
  ],
});

layerContract({
  title: 'resetAfter without a bias, hardSigmoid gates, linear activation',
  make: () => gru({ units: 3, useBias: false, recurrentActivation: 'hardSigmoid', activation: 'linear' }),
  input: seq,
  outputShape: [3, 3],
  weights: [{ name: 'kernel', shape: [4, 9], trainable: true }, { name: 'recurrent_kernel', shape: [3, 9], trainable: true }],
});

const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));
// One unit, one feature, gates z, r, h.
const W = [0.5, -0.5, 1], R = [0.1, 0.2, -0.3], BI = [0.1, 0.2, 0.3], BR = [-0.2, 0.1, 0.4];

/** Two steps by hand, in both forms. */
function byHand(xs: number[], resetAfter: boolean): number {
  let h = 0;
  for (const x of xs) {
    const bz = resetAfter ? BI[0]! + BR[0]! : BI[0]!, br = resetAfter ? BI[1]! + BR[1]! : BI[1]!;
    const z = sigmoid(W[0]! * x + R[0]! * h + bz), r = sigmoid(W[1]! * x + R[1]! * h + br);
    const n = resetAfter ? Math.tanh(W[2]! * x + BI[2]! + r * (R[2]! * h + BR[2]!)) : Math.tanh(W[2]! * x + BI[2]! + R[2]! * (r * h));
    h = z * h + (1 - z) * n;
  }
  return h;
}

describe('gru', () => {
  const x = tl.tensor([[[0.3], [-0.7]]]);
  it('resetAfter: r applies to (h R_h + b_rh), with separate input and recurrent biases', () => {
    const layer = withWeights(gru({ units: 1 }), [2, 1], [tl.tensor([W]), tl.tensor([R]), tl.tensor([BI, BR])]);
    assert.deepEqual(rounded(layer.apply(x)), rounded(tl.tensor([byHand([0.3, -0.7], true)])));
  });

  it('resetAfter false: r applies to h before the product, (r h) R_h', () => {
    const layer = withWeights(gru({ units: 1, resetAfter: false }), [2, 1], [tl.tensor([W]), tl.tensor([R]), tl.tensor(BI)]);
    assert.deepEqual(rounded(layer.apply(x)), rounded(tl.tensor([byHand([0.3, -0.7], false)])));
  });

  it('gradients of input, kernel, recurrent kernel and the split bias against finite differences (masked, backwards)', () => {
    const layer = gru({ units: 2, goBackwards: true, returnSequences: true, biasInitializer: tl.initializers.randomUniform({ minval: -0.5, maxval: 0.5, seed: 5 }) });
    const input = tl.randomUniform([2, 3, 3], -1, 1, 'float32', 9);
    checkLayerGradients({
      layer,
      input,
      training: false,
      // Row 1's middle step is padding; reversed in time, the reference sees the same mask.
      mask: tl.tensor([[1, 1, 1], [1, 0, 1]]),
      reference: (xs: NDArray, kernel: NDArray, recurrent: NDArray, bias: NDArray) => {
        const reversed = ref.gather(xs, [2, 1, 0], 1);
        const proj = ref.matmul({ data: reversed.data, shape: [6, 3] }, kernel);
        const withBias = ref.zip(proj, { data: bias.data.slice(0, 6), shape: [6] }, (a, b) => a + b);
        return recurrenceRef({
          cell: 'gruResetAfter', activation: 'tanh', recurrentActivation: 'sigmoid',
          xProj: { data: withBias.data, shape: [2, 3, 6] }, recurrentKernel: recurrent, initialState: ref.nd(new Float64Array(4), [2, 2]),
          recurrentBias: { data: bias.data.slice(6), shape: [6] }, mask: ref.nd([1, 1, 1, 1, 0, 1], [2, 3]),
        });
      },
    });
  });
});
