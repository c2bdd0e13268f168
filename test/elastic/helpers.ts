/** Models, data and runs shared by the elastic tests. */
import * as tl from '../../src/index.js';
import { blobs, smallMlp } from '../nn/model/fixtures.js';

export const FIT = { epochs: 3, batchSize: 16, seed: 3, verbose: 0 as const };

/** The same compiled model every time: seeded initial weights, Adam; `dropout`: with a Dropout layer between the two. */
export function freshModel(dropout = false): tl.LayersModel {
  tl.setSeed(11);
  const model = dropout
    ? tl.sequential([tl.layers.dense({ units: 16, activation: 'relu', inputShape: [4] }), tl.layers.dropout({ rate: 0.3 }), tl.layers.dense({ units: 3, activation: 'softmax' })])
    : smallMlp();
  model.compile({ optimizer: new tl.optimizers.Adam({ learningRate: 0.02 }), loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
  return model;
}

export const data = (): { x: tl.Tensor; y: tl.Tensor } => blobs(300, 2);

/** The weights of an uninterrupted single-process run. */
export async function referenceWeights(dropout = false): Promise<tl.Tensor[]> {
  const { x, y } = data();
  const model = freshModel(dropout);
  await model.fit(x, y, FIT);
  return model.getWeights();
}

/** The largest absolute difference between two lists of weights. */
export function maxDifference(a: readonly tl.Tensor[], b: readonly tl.Tensor[]): number {
  let most = 0;
  a.forEach((t, i) => t.values.forEach((v, j) => (most = Math.max(most, Math.abs(v - b[i]!.values[j]!)))));
  return most;
}
