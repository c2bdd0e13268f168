import * as tl from '../../src/index.js';
import type { Tensor } from '../../src/index.js';

/** He-initialised weights and zero biases, as Keras' defaults would give (close enough for timing). */
const weight = (shape: number[], fanIn: number, seed: number): Tensor =>
  tl.variable(tl.randomNormal(shape, 0, Math.sqrt(2 / fanIn), 'float32', seed));
const bias = (n: number): Tensor => tl.variable(tl.zeros([n]));

export interface Model {
  params: Tensor[];
  logits(x: Tensor): Tensor;
}

/** Dense(128, relu) - Dense(10) on 784 inputs; softmax is in the loss (or the predict call). */
export function mlp(): Model {
  const w1 = weight([784, 128], 784, 1), b1 = bias(128), w2 = weight([128, 10], 128, 2), b2 = bias(10);
  return {
    params: [w1, b1, w2, b2],
    logits: (x) => tl.fusedMatMul({ a: tl.fusedMatMul({ a: x, b: w1, bias: b1, activation: 'relu' }), b: w2, bias: b2 }),
  };
}

/** Conv2D(32, 3x3, relu) - MaxPool2 - Conv2D(64, 3x3, relu) - MaxPool2 - Flatten - Dense(64, relu) - Dense(10). */
export function cnn(): Model {
  const k1 = weight([3, 3, 1, 32], 9, 3), c1 = bias(32);
  const k2 = weight([3, 3, 32, 64], 288, 4), c2 = bias(64);
  const w3 = weight([1600, 64], 1600, 5), b3 = bias(64), w4 = weight([64, 10], 64, 6), b4 = bias(10);
  return {
    params: [k1, c1, k2, c2, w3, b3, w4, b4],
    logits: (x) => {
      const h1 = tl.maxPool2d(tl.fusedConv2d({ x, filter: k1, bias: c1, activation: 'relu' }), 2);
      const h2 = tl.maxPool2d(tl.fusedConv2d({ x: h1, filter: k2, bias: c2, activation: 'relu' }), 2);
      const flat = tl.reshape(h2, [x.shape[0]!, 1600]);
      return tl.fusedMatMul({ a: tl.fusedMatMul({ a: flat, b: w3, bias: b3, activation: 'relu' }), b: w4, bias: b4 });
    },
  };
}

/**
 * LSTM(128) - Dense(10) through the layers API (Keras' initializers; what a user's model runs):
 * x is [batch, 28, 28], 28 steps of 28 features.
 */
export function lstm(units: number): Model {
  const rnn = tl.layers.lstm({ units });
  const head = tl.layers.dense({ units: 10 });
  rnn.ensureBuilt([null, 28, 28]);
  head.ensureBuilt([null, units]);
  return {
    params: [...rnn.trainableWeights, ...head.trainableWeights].map((v) => v.tensor),
    logits: (x) => head.apply(rnn.apply(x, { training: true }), { training: true }),
  };
}

/** Mean softmax cross-entropy of `logits` against one-hot `targets`. */
export function crossEntropy(logits: Tensor, targets: Tensor): Tensor {
  return tl.mul(tl.logSoftmax(logits), targets).sum().mul(-1 / logits.shape[0]!);
}
