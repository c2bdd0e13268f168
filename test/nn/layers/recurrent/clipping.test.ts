import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as tl from '../../../../src/index.js';

/** One SGD step (learning rate 1) on an LSTM-GRU model: how far each weight moved, i.e. minus its (clipped) gradient. */
function stepDeltas(clipping: tl.optimizers.Clipping): tl.Tensor[] {
  tl.setSeed(5);
  const model = tl.sequential([
    tl.layers.lstm({ units: 4, returnSequences: true, inputShape: [6, 3] }),
    tl.layers.gru({ units: 3 }),
    tl.layers.dense({ units: 1 }),
  ]);
  model.compile({ optimizer: new tl.optimizers.SGD({ learningRate: 1, ...clipping }), loss: 'meanSquaredError' });
  const before = model.getWeights();
  // Targets far from the outputs: gradients much larger than the clipping limits.
  model.trainOnBatch(tl.randomUniform([8, 6, 3], -1, 1, 'float32', 1), tl.fill([8, 1], 50));
  return model.getWeights().map((w, i) => tl.sub(before[i]!, w));
}

const norm = (ts: tl.Tensor[]): number => Math.sqrt(ts.reduce((s, t) => s + tl.sum(tl.square(t)).item(), 0));

describe('gradient clipping with recurrent layers (BPTT gradients)', () => {
  const raw = stepDeltas({});

  it('globalClipNorm rescales all the gradients together to the limit, keeping their direction', () => {
    const clipped = stepDeltas({ globalClipNorm: 1 });
    assert.ok(norm(raw) > 10, `unclipped global norm ${norm(raw)}`);
    assert.ok(Math.abs(norm(clipped) - 1) < 1e-4, `clipped global norm ${norm(clipped)}`);
    const scale = 1 / norm(raw);
    clipped.forEach((d, i) => d.dataSync().forEach((v, j) => assert.ok(Math.abs(v - raw[i]!.dataSync()[j]! * scale) < 1e-5, `weight ${i}[${j}]`)));
  });

  it('clipNorm limits each weight\'s gradient on its own', () => {
    const clipped = stepDeltas({ clipNorm: 0.5 });
    clipped.forEach((d, i) => {
      const expected = Math.min(0.5, norm([raw[i]!]));
      assert.ok(Math.abs(norm([d]) - expected) < 1e-4, `weight ${i}: norm ${norm([d])}, expected ${expected}`);
    });
  });
});
