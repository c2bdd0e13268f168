import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as tl from '../../../src/index.js';
import { layerContract } from '../layerContract.js';

const { dropout } = tl.layers;

layerContract({
  make: () => dropout({ rate: 0.5, seed: 1 }),
  input: () => tl.randomUniform([4, 6], -1, 1, 'float32', 1),
  outputShape: [4, 6],
  weights: [],
});

describe('dropout', () => {
  it('is the identity in inference', () => {
    const x = tl.randomUniform([3, 5], -1, 1, 'float32', 2);
    assert.equal(dropout({ rate: 0.9 }).apply(x), x);
    assert.equal(dropout({ rate: 0 }).apply(x, { training: true }), x);
  });

  it('in training zeroes a fraction `rate` of the inputs and scales the rest by 1 / (1 - rate)', () => {
    const n = 20_000;
    const y = dropout({ rate: 0.25, seed: 3 }).apply(tl.ones([n]), { training: true }).dataSync();
    const kept = y.filter((v) => v !== 0);
    assert.ok(kept.every((v) => Math.abs(v - 1 / 0.75) < 1e-6), 'kept inputs are scaled by 4/3');
    // The dropped fraction is binomial: standard deviation sqrt(0.25 * 0.75 / n) = 0.003.
    assert.ok(Math.abs(1 - kept.length / n - 0.25) < 0.015, `dropped ${1 - kept.length / n}`);
  });

  it('its gradient is the same mask and scale: dy/dx = y/x', () => {
    const x = tl.variable(tl.randomUniform([50], 0.5, 1.5, 'float32', 4));
    const y = dropout({ rate: 0.5, seed: 5 }).apply(x, { training: true });
    y.sum().backward();
    const ratio = Array.from(y.dataSync(), (v, i) => v / x.dataSync()[i]!);
    assert.ok(ratio.every((r) => r === 0 || Math.abs(r - 2) < 1e-6));
    assert.deepEqual(Array.from(x.grad!.dataSync(), (g) => +g.toFixed(5)), ratio.map((r) => +r.toFixed(5)));
  });

  it('a seed makes the sequence of masks reproducible; successive calls draw new masks', () => {
    const masks = (layer: tl.layers.Dropout) => [1, 2, 3].map(() => Array.from(layer.apply(tl.ones([64]), { training: true }).dataSync()));
    const a = masks(dropout({ rate: 0.5, seed: 9 }));
    assert.deepEqual(masks(dropout({ rate: 0.5, seed: 9 })), a);
    assert.notDeepEqual(a[0], a[1]);
    tl.setSeed(11);
    const unseeded = masks(dropout({ rate: 0.5 }));
    tl.setSeed(11);
    assert.deepEqual(masks(dropout({ rate: 0.5 })), unseeded, 'unseeded layers follow tl.setSeed');
  });

  it('refuses a rate outside [0, 1) and noiseShape, naming the layer', () => {
    assert.throws(() => dropout({ rate: 1, name: 'd' }), (e: Error) => e instanceof tl.ArgumentError && e.message === 'd: rate must be a number in [0, 1), found 1');
    assert.throws(() => dropout({ rate: -0.1, name: 'd' }), /d: rate must be a number in \[0, 1\), found -0.1/);
    assert.throws(() => dropout({ name: 'd' } as never), /d: rate must be a number in \[0, 1\), found undefined/);
    assert.throws(() => dropout({ rate: 0.5, noiseShape: [1, 3], name: 'd' } as never), /d: noiseShape is not supported yet, found \[1,3\]/);
  });
});
