import * as tl from '../../../src/index.js';

/**
 * A small, learnable three-class problem: points around three centres in 4-D with seeded noise.
 * Linearly separable enough that a tiny MLP reaches high accuracy in a few epochs.
 */
export function blobs(n: number, seed: number): { x: tl.Tensor; y: tl.Tensor } {
  const rng = new tl.Random(seed);
  const centres = [[2, 0, 0, 1], [0, 2, 0, -1], [0, 0, 2, 0]];
  const x: number[] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    const c = i % 3;
    for (const v of centres[c]!) x.push(v + 0.6 * rng.nextNormal());
    y.push(c);
  }
  return { x: tl.tensor(x, [n, 4]), y: tl.tensor(y, [n], 'int32') };
}

export function smallMlp(): tl.Sequential {
  return tl.sequential([
    tl.layers.dense({ units: 8, activation: 'relu', inputShape: [4] }),
    tl.layers.dense({ units: 3, activation: 'softmax' }),
  ]);
}
