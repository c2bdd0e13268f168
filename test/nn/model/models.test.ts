import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as tl from '../../../src/index.js';

describe('sequential and functional models', () => {
  it('a functional model computes what the same layers compute in sequence', () => {
    tl.setSeed(3);
    const input = tl.input({ shape: [4] });
    const hidden = tl.layers.dense({ units: 5, activation: 'relu' });
    const head = tl.layers.dense({ units: 2 });
    const model = tl.model({ inputs: input, outputs: head.apply(hidden.apply(input)) });
    const x = tl.randomNormal([3, 4], 0, 1, 'float32', 4);
    const direct = head.apply(hidden.apply(x));
    assert.deepEqual(Array.from(model.predict(x).dataSync()), Array.from(direct.dataSync()));
    assert.deepEqual(model.layers.map((l) => l.className), ['InputLayer', 'Dense', 'Dense']);
    assert.equal(model.countParams(), 4 * 5 + 5 + 5 * 2 + 2);
  });

  it('a Sequential without inputShape is wired by the first data it sees', () => {
    const model = tl.sequential();
    model.add(tl.layers.dense({ units: 3 }));
    assert.throws(() => model.summary(() => undefined), /has no input shape yet/);
    assert.deepEqual(model.predict(tl.ones([2, 6])).shape, [2, 3]);
    assert.equal(model.countParams(), 6 * 3 + 3);
  });

  it('summary lists each layer with output shape and parameters', () => {
    const model = tl.sequential({
      name: 'mnist_mlp',
      layers: [
        tl.layers.flatten({ inputShape: [28, 28, 1], name: 'flat' }),
        tl.layers.dense({ units: 128, activation: 'relu', name: 'hidden' }),
        tl.layers.dense({ units: 10, activation: 'softmax', name: 'out' }),
      ],
    });
    const lines: string[] = [];
    const text = model.summary((l) => lines.push(l));
    assert.equal(lines[0], text);
    assert.match(text, /^Model: "mnist_mlp"/);
    assert.match(text, /flat \(Flatten\)\s+\[null,784\]\s+0/);
    assert.match(text, /hidden \(Dense\)\s+\[null,128\]\s+100480/);
    assert.match(text, /out \(Dense\)\s+\[null,10\]\s+1290/);
    assert.match(text, /Total params: 101770\nTrainable params: 101770\nNon-trainable params: 0/);
  });

  it('adding a layer that does not fit fails at add, naming the shapes', () => {
    const model = tl.sequential([tl.layers.dense({ units: 3, inputShape: [4] })]);
    const dense = tl.layers.dense({ units: 2 });
    dense.apply(tl.ones([1, 7])); // built for 7 inputs
    assert.throws(() => model.add(dense), (e: Error) => e instanceof tl.ShapeError && /\[null,7\].*\[null,3\]/.test(e.message));
  });

  it('refuses outputs that need an input the model was not given', () => {
    const a = tl.input({ shape: [2] });
    const b = tl.input({ shape: [2] });
    const y = tl.layers.dense({ units: 1 }).apply(b);
    assert.throws(() => tl.model({ inputs: a, outputs: y }), (e: Error) => e instanceof tl.ArgumentError && /not among the model's inputs/.test(e.message));
  });

  it('setWeights checks the count and every shape before changing anything', () => {
    const model = tl.sequential([tl.layers.dense({ units: 2, inputShape: [3] })]);
    const before = model.getWeights().map((w) => Array.from(w.dataSync()));
    assert.throws(() => model.setWeights([tl.zeros([3, 2])]), /expected 2 tensors, found 1/);
    assert.throws(() => model.setWeights([tl.zeros([3, 2]), tl.zeros([3])]), tl.ShapeError);
    assert.deepEqual(model.getWeights().map((w) => Array.from(w.dataSync())), before);
  });
});
