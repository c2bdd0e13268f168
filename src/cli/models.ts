import { readFileSync } from 'node:fs';
import * as layers from '../nn/layers/index.js';
import type { Layer } from '../nn/layers/index.js';
import type { LayersModel } from '../nn/model/index.js';
import { sequential } from '../nn/model/index.js';
import { modelFromTopology } from '../io/index.js';
import { UsageError } from './usage.js';

/** Samples as sequences: rows of an image are the steps ([28, 28, 1] -> 28 steps of 28), a vector is steps of one feature. */
function asSequence(inputShape: number[]): number[] {
  const [steps, ...rest] = inputShape as [number, ...number[]];
  return [steps, rest.reduce((a, b) => a * b, 1)];
}

/** A recurrent layer of 128 units over the samples as sequences, then a softmax classifier. */
function recurrentModel(rnn: () => Layer): (inputShape: number[], classes: number) => LayersModel {
  return (inputShape, classes) => sequential([
    layers.reshape({ targetShape: asSequence(inputShape), inputShape }),
    rnn(),
    layers.dense({ units: classes, activation: 'softmax' }),
  ]);
}

/** The built-in models of `tensile train --model`, for samples of `inputShape` and `classes` classes. */
const BUILT_IN: Record<string, (inputShape: number[], classes: number) => LayersModel> = {
  /**
   * The MNIST MLP: 784-128-10, with dropout 0.2 on the hidden layer as in TensorFlow's quickstart
   * (without it the net overfits: 99.5% training, 97.9% test accuracy after 10 epochs).
   */
  mlp: (inputShape, classes) => sequential([
    layers.flatten({ inputShape }),
    layers.dense({ units: 128, activation: 'relu' }),
    layers.dropout({ rate: 0.2 }),
    layers.dense({ units: classes, activation: 'softmax' }),
  ]),
  /**
   * DESIGN.md's CNN: 32c3-pool-64c3-pool-64-classes, with dropout 0.5 on the flattened features
   * as in Keras' MNIST convnet example (without it the net reaches 99.99% training accuracy by
   * epoch 10 and 99.22% test).
   */
  cnn: (inputShape, classes) => {
    if (inputShape.length !== 3) {
      throw new UsageError(`--model cnn needs image samples [height, width, channels], found samples of shape [${inputShape.join(',')}]`);
    }
    return sequential([
      layers.conv2d({ filters: 32, kernelSize: 3, activation: 'relu', inputShape }),
      layers.maxPooling2d({ poolSize: 2 }),
      layers.conv2d({ filters: 64, kernelSize: 3, activation: 'relu' }),
      layers.maxPooling2d({ poolSize: 2 }),
      layers.flatten(),
      layers.dropout({ rate: 0.5 }),
      layers.dense({ units: 64, activation: 'relu' }),
      layers.dense({ units: classes, activation: 'softmax' }),
    ]);
  },
  lstm: recurrentModel(() => layers.lstm({ units: 128 })),
  /** resetAfter false: the GRU TF.js 4.x can load too. */
  gru: recurrentModel(() => layers.gru({ units: 128, resetAfter: false })),
};

/** `mlp`, `cnn`, `lstm`, `gru`, or a model.json file whose topology to build (with fresh weights). */
export function buildModel(spec: string, inputShape: number[], classes: number): LayersModel {
  const builtIn = BUILT_IN[spec];
  if (builtIn !== undefined) return builtIn(inputShape, classes);
  if (spec.endsWith('.json')) return modelFromTopology(JSON.parse(readFileSync(spec, 'utf8')) as unknown);
  throw new UsageError(`--model must be mlp, cnn, lstm, gru or a model.json file, found '${spec}'`);
}
