import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as tl from '../../../../src/index.js';
import { layerContract, rounded } from '../../layerContract.js';

const { bidirectional, lstm, gru, simpleRNN } = tl.layers;
const seq = () => tl.randomUniform([2, 4, 3], -1, 1, 'float32', 5);

layerContract({
  make: () => bidirectional({ layer: lstm({ units: 2, name: 'encoder' }) }),
  input: seq,
  outputShape: [2, 4],
  weights: ['forward', 'backward'].flatMap((d) => [
    { name: `${d}_encoder/kernel`, shape: [3, 8], trainable: true },
    { name: `${d}_encoder/recurrent_kernel`, shape: [2, 8], trainable: true },
    { name: `${d}_encoder/bias`, shape: [8], trainable: true },
  ]),
});

layerContract({
  title: 'GRU sequences summed',
  make: () => bidirectional({ layer: gru({ units: 2, returnSequences: true, name: 'g' }), mergeMode: 'sum' }),
  input: seq,
  outputShape: [2, 4, 2],
  weights: ['forward', 'backward'].flatMap((d) => [
    { name: `${d}_g/kernel`, shape: [3, 6], trainable: true },
    { name: `${d}_g/recurrent_kernel`, shape: [2, 6], trainable: true },
    { name: `${d}_g/bias`, shape: [2, 6], trainable: true },
  ]),
});

describe('bidirectional', () => {
  it('is the forward layer\'s output beside the backward copy\'s, put back in time order, for every merge mode', () => {
    const x = seq();
    const forward = simpleRNN({ units: 2, returnSequences: true });
    const backward = simpleRNN({ units: 2, returnSequences: true, goBackwards: true });
    const f = forward.apply(x);
    backward.apply(x);
    const merged = { concat: (a: tl.Tensor, b: tl.Tensor) => tl.concat([a, b], -1), sum: tl.add, mul: tl.mul, ave: (a: tl.Tensor, b: tl.Tensor) => tl.mul(tl.add(a, b), 0.5) };
    for (const [mode, merge] of Object.entries(merged)) {
      const layer = bidirectional({ layer: simpleRNN({ units: 2, returnSequences: true }), mergeMode: mode as tl.layers.MergeMode });
      layer.apply(x);
      backward.setWeights(layer.backwardLayer.getWeights());
      forward.setWeights(layer.forwardLayer.getWeights());
      const b = tl.gather(backward.apply(x), [3, 2, 1, 0], 1);
      assert.deepEqual(rounded(layer.apply(x)), rounded(merge(forward.apply(x), b)), mode);
    }
  });

  it('returnState gives the forward states, then the backward ones', () => {
    const layer = bidirectional({ layer: lstm({ units: 2, returnState: true }) });
    const outs = layer.apply([seq()]);
    assert.deepEqual(outs.map((t) => [...t.shape]), [[2, 4], [2, 2], [2, 2], [2, 2], [2, 2]]);
    assert.deepEqual(rounded(outs[0]!), rounded(tl.concat([outs[1]!, outs[3]!], -1)));
  });

  it('takes the forward layer\'s initial states, then the backward one\'s, and refuses a count that is not both', () => {
    const layer = bidirectional({ layer: simpleRNN({ units: 2 }), mergeMode: 'sum' });
    const x = seq();
    const zero = tl.zeros([2, 2]);
    assert.deepEqual(rounded(layer.apply([x, zero, zero])[0]!), rounded(layer.apply(x)));
    assert.notDeepEqual(rounded(layer.apply([x, tl.ones([2, 2]), zero])[0]!), rounded(layer.apply(x)));
    assert.throws(() => layer.apply([x, zero]), (e: Error) => e instanceof tl.ArgumentError && /expected 2 initial states after the input \(the forward layer's, then the backward one's\), found 1/.test(e.message));
  });

  it('refuses a layer that is not recurrent and a mergeMode it does not know', () => {
    assert.throws(() => bidirectional({ layer: tl.layers.dense({ units: 2 }) as unknown as tl.layers.Recurrent }), (e: Error) => e instanceof tl.ArgumentError && /must be a recurrent layer \(SimpleRNN, LSTM, GRU\), found Dense/.test(e.message));
    assert.throws(() => bidirectional({ layer: lstm({ units: 2 }), mergeMode: 'max' as tl.layers.MergeMode }), (e: Error) => e instanceof tl.ArgumentError && /mergeMode must be one of 'concat', 'sum', 'mul', 'ave', found "max"/.test(e.message));
  });
});
