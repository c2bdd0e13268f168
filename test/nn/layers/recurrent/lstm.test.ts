import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as tl from '../../../../src/index.js';
import { layerContract, rounded, withWeights } from '../../layerContract.js';

const { lstm } = tl.layers;
const seq = () => tl.randomUniform([3, 5, 4], -1, 1, 'float32', 3);

layerContract({
  make: () => lstm({ units: 2 }),
  input: seq,
  outputShape: [3, 2],
  weights: [
    { name: 'kernel', shape: [4, 8], trainable: true },
    { name: 'recurrent_kernel', shape: [2, 8], trainable: true },
    { name: 'bias', shape: [8], trainable: true },
  ],
});

layerContract({
  title: 'returnSequences, goBackwards, hardSigmoid gates, no bias',
  make: () => lstm({ units: 3, returnSequences: true, goBackwards: true, recurrentActivation: 'hardSigmoid', useBias: false }),
  input: seq,
  outputShape: [3, 5, 3],
  weights: [{ name: 'kernel', shape: [4, 12], trainable: true }, { name: 'recurrent_kernel', shape: [3, 12], trainable: true }],
});

const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));

/** One unit, one feature: kernel [1, 4] (i, f, c, o), recurrent kernel [1, 4], bias [4]. */
function oneUnit(args: Partial<tl.layers.LSTMArgs> = {}): tl.layers.LSTM {
  return withWeights(lstm({ units: 1, ...args }), [2, 1], [tl.tensor([[0.5, -0.5, 1, 0.25]]), tl.tensor([[0.1, 0.2, -0.3, 0.4]]), tl.tensor([0, 1, 0, 0])]);
}

/** The same two steps by hand. */
function byHand(xs: number[]): { h: number[]; c: number[] } {
  let h = 0, c = 0;
  const hs: number[] = [], cs: number[] = [];
  for (const x of xs) {
    const i = sigmoid(0.5 * x + 0.1 * h), f = sigmoid(-0.5 * x + 0.2 * h + 1);
    const g = Math.tanh(x - 0.3 * h), o = sigmoid(0.25 * x + 0.4 * h);
    c = f * c + i * g;
    h = o * Math.tanh(c);
    hs.push(h);
    cs.push(c);
  }
  return { h: hs, c: cs };
}

describe('lstm', () => {
  it('computes Keras\' i, f, c, o steps by hand: last output, every output, final states', () => {
    const x = tl.tensor([[[0.3], [-0.7]]]);
    const { h, c } = byHand([0.3, -0.7]);
    assert.deepEqual(rounded(oneUnit().apply(x)), rounded(tl.tensor([h[1]!])));
    assert.deepEqual(rounded(oneUnit({ returnSequences: true }).apply(x)), rounded(tl.tensor(h)));
    const [out, hT, cT] = oneUnit({ returnState: true }).apply([x]);
    assert.deepEqual([rounded(out!), rounded(hT!), rounded(cT!)], [rounded(tl.tensor([h[1]!])), rounded(tl.tensor([h[1]!])), rounded(tl.tensor([c[1]!]))]);
  });

  it('goBackwards reads the sequence from its end', () => {
    const x = tl.tensor([[[0.3], [-0.7]]]);
    assert.deepEqual(rounded(oneUnit({ goBackwards: true, returnSequences: true }).apply(x)), rounded(tl.tensor(byHand([-0.7, 0.3]).h)));
  });

  it('starts from given initial states h0, c0', () => {
    const layer = withWeights(lstm({ units: 1 }), [1, 1], [tl.tensor([[0, 0, 0, 0]]), tl.tensor([[0, 0, 0, 0]]), tl.tensor([0, 0, 0, 0])]);
    // All pre-activations 0: i = f = o = 0.5, g = 0, so c = 0.5 c0 and h = 0.5 tanh(0.5 c0).
    const y = layer.apply([tl.tensor([[[1]]]), tl.tensor([[9]]), tl.tensor([[2]])]);
    assert.deepEqual(rounded(y[0]!), rounded(tl.tensor([0.5 * Math.tanh(1)])));
  });

  it('masked (padded) steps carry the state over: the output equals that of the unpadded sequence', () => {
    const layer = oneUnit();
    const padded = layer.apply(tl.tensor([[[0.3], [-0.7]]]), { mask: tl.tensor([[1, 0]]) });
    assert.deepEqual(rounded(padded), rounded(tl.tensor([byHand([0.3]).h[0]!])));
  });

  it('unitForgetBias starts the forget gate\'s bias at 1 (Keras\' default)', () => {
    const layer = lstm({ units: 2 });
    layer.apply(seq());
    assert.deepEqual(Array.from(layer.getWeights()[2]!.dataSync()), [0, 0, 1, 1, 0, 0, 0, 0]);
    const plain = lstm({ units: 2, unitForgetBias: false });
    plain.apply(seq());
    assert.deepEqual(Array.from(plain.getWeights()[2]!.dataSync()), [0, 0, 0, 0, 0, 0, 0, 0]);
  });

  it('the recurrent kernel starts orthogonal', () => {
    const layer = lstm({ units: 3 });
    layer.apply(seq());
    const r = layer.getWeights()[1]!; // [3, 12]: orthonormal rows
    const gram = tl.matMul(r, r, false, true).dataSync();
    gram.forEach((v, k) => assert.ok(Math.abs(v - (k % 4 === 0 ? 1 : 0)) < 1e-5, `R Rᵀ[${k}] = ${v}`));
  });

  it('refuses what it cannot compute: an activation the kernels lack, stateful, wrong initial states', () => {
    assert.throws(() => lstm({ units: 2, activation: 'gelu' }), (e: Error) => e instanceof tl.ArgumentError && /activation must be one of linear, relu, sigmoid, tanh, hardSigmoid .*found 'gelu'/.test(e.message));
    assert.throws(() => lstm({ units: 2, stateful: true } as tl.layers.LSTMArgs), (e: Error) => e instanceof tl.ArgumentError && /stateful is not supported/.test(e.message));
    const layer = lstm({ units: 2 });
    assert.throws(() => layer.apply([seq(), tl.zeros([3, 2])]), (e: Error) => e instanceof tl.ArgumentError && /expected 2 initial state tensor\(s\) after the input \(h and c\), found 1/.test(e.message));
    assert.throws(() => layer.apply([seq(), tl.zeros([3, 2]), tl.zeros([3, 3])]), (e: Error) => e instanceof tl.ShapeError && /initial state 1 must be float32 \[3,2\].*found float32 \[3,3\]/.test(e.message));
    assert.throws(() => lstm({ units: 2, returnState: true }).apply(seq()), (e: Error) => e instanceof tl.ArgumentError && /returns 3 tensors \(returnState\); pass its input in an array/.test(e.message));
    assert.throws(() => layer.apply(seq(), { mask: tl.ones([3, 4]) }), (e: Error) => e instanceof tl.ShapeError && /the mask must have shape \[3,5\] \(\[batch, steps\]\), found \[3,4\]/.test(e.message));
    assert.throws(() => lstm({ units: 2 }).apply(tl.zeros([3, 0, 4])), (e: Error) => e instanceof tl.ShapeError && /expected at least one time step, found input shape \[3,0,4\]/.test(e.message));
    assert.throws(() => lstm({ units: 2 }).apply(tl.zeros([3, 4])), (e: Error) => e instanceof tl.ShapeError && /expected input of rank 3 \(\[batch, steps, features\]\), found \[null,4\]/.test(e.message));
  });
});
