import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import * as layers from '../../src/nn/layers/index.js';
import { LayersModel, Sequential } from '../../src/nn/model/index.js';
import type { InteropCase } from '../helpers/tfjs.js';
import { interopTests, tfjsFromTensile } from '../helpers/tfjs.js';

/**
 * Recurrent models move both ways between Tensile and @tensorflow/tfjs 4.22 with the same
 * predictions: Keras' gate layouts (LSTM i, f, c, o; GRU z, r, h), TF.js' default hardSigmoid
 * gates, masking, the wrappers' weight names, and calls with several inputs and outputs.
 */

const SMALL: [number, number] = [-0.6, 0.6];

const CASES: InteropCase[] = [
  {
    title: 'LSTM sequences into a GRU (resetAfter false) into Dense, sigmoid gates',
    shape: [3, 5, 4],
    weightRange: SMALL,
    tensile: () => new Sequential([
      layers.lstm({ units: 3, returnSequences: true, inputShape: [5, 4] }),
      layers.gru({ units: 2, resetAfter: false }),
      layers.dense({ units: 2 }),
    ]),
    tfjs: () => tf.sequential({ layers: [
      tf.layers.lstm({ units: 3, returnSequences: true, recurrentActivation: 'sigmoid', inputShape: [5, 4] }),
      tf.layers.gru({ units: 2, recurrentActivation: 'sigmoid' }),
      tf.layers.dense({ units: 2 }),
    ] }),
  },
  {
    title: 'TF.js defaults: hardSigmoid gates; SimpleRNN going backwards',
    shape: [2, 4, 3],
    weightRange: SMALL,
    tensile: () => new Sequential([
      layers.lstm({ units: 2, returnSequences: true, recurrentActivation: 'hardSigmoid', inputShape: [4, 3] }),
      layers.gru({ units: 3, returnSequences: true, resetAfter: false, recurrentActivation: 'hardSigmoid' }),
      layers.simpleRNN({ units: 2, goBackwards: true }),
    ]),
    tfjs: () => tf.sequential({ layers: [
      tf.layers.lstm({ units: 2, returnSequences: true, inputShape: [4, 3] }),
      tf.layers.gru({ units: 3, returnSequences: true }),
      tf.layers.simpleRNN({ units: 2, goBackwards: true }),
    ] }),
  },
  {
    title: 'Masking, Bidirectional SimpleRNN (concat) and LSTM (ave), TimeDistributed Dense',
    shape: [2, 5, 3],
    // Sequence 0 ends in two padded steps, sequence 1 has one in the middle.
    edit: (values) => [3, 4, 7].forEach((step) => values.fill(0.25, step * 3, step * 3 + 3)),
    weightRange: SMALL,
    tensile: () => new Sequential([
      layers.masking({ maskValue: 0.25, inputShape: [5, 3] }),
      layers.bidirectional({ layer: layers.simpleRNN({ units: 2, returnSequences: true }) }),
      layers.bidirectional({ layer: layers.lstm({ units: 2, returnSequences: true }), mergeMode: 'ave' }),
      layers.timeDistributed({ layer: layers.dense({ units: 3 }) }),
    ]),
    tfjs: () => tf.sequential({ layers: [
      tf.layers.masking({ maskValue: 0.25, inputShape: [5, 3] }),
      tf.layers.bidirectional({ layer: tf.layers.simpleRNN({ units: 2, returnSequences: true }) as tf.RNN }),
      tf.layers.bidirectional({ layer: tf.layers.lstm({ units: 2, returnSequences: true, recurrentActivation: 'sigmoid' }) as tf.RNN, mergeMode: 'ave' }),
      tf.layers.timeDistributed({ layer: tf.layers.dense({ units: 3 }) }),
    ] }),
  },
  {
    title: 'Embedding with maskZero (ids 0 are padding) into an LSTM',
    shape: [3, 6],
    ids: 5,
    weightRange: SMALL,
    tensile: () => new Sequential([layers.embedding({ inputDim: 5, outputDim: 3, maskZero: true, inputShape: [6] }), layers.lstm({ units: 2 })]),
    tfjs: () => tf.sequential({ layers: [
      tf.layers.embedding({ inputDim: 5, outputDim: 3, maskZero: true, inputShape: [6] }),
      tf.layers.lstm({ units: 2, recurrentActivation: 'sigmoid' }),
    ] }),
  },
  {
    title: 'functional: an LSTM\'s final states (returnState) start a second LSTM (initial states)',
    shape: [2, 4, 3],
    weightRange: SMALL,
    tensile: () => {
      const x = layers.input({ shape: [4, 3] });
      const [seq, h, c] = layers.lstm({ units: 2, returnSequences: true, returnState: true }).apply([x]);
      const out = layers.lstm({ units: 2 }).apply([seq!, h!, c!]);
      return new LayersModel({ inputs: x, outputs: out[0]! });
    },
    tfjs: () => {
      const x = tf.input({ shape: [4, 3] });
      const [seq, h, c] = tf.layers.lstm({ units: 2, returnSequences: true, returnState: true, recurrentActivation: 'sigmoid' }).apply(x) as tf.SymbolicTensor[];
      const out = tf.layers.lstm({ units: 2, recurrentActivation: 'sigmoid' }).apply(seq!, { initialState: [h!, c!] }) as tf.SymbolicTensor;
      return tf.model({ inputs: x, outputs: out });
    },
  },
];

describe('recurrent interop with @tensorflow/tfjs 4.22', () => {
  before(async () => {
    await tf.setBackend('cpu');
  });

  interopTests(CASES);

  it('a GRU with resetAfter (Keras 3\'s form) is saved with reset_after true, which TF.js 4.x refuses to build', async () => {
    const model = new Sequential([layers.gru({ units: 2, inputShape: [3, 2] })]);
    await assert.rejects(tfjsFromTensile(model), /GRUCell does not support reset_after parameter set to true/);
  });
});
