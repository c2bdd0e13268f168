import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as tl from '../../src/index.js';
import { L1L2, l1, l1l2, l2, regularizerFromConfig } from '../../src/nn/regularizers/index.js';

const w = tl.tensor([[1, -2], [0.5, 0]]);
// sum |w| = 3.5, sum w^2 = 5.25
const value = (r: L1L2) => +r.apply(w).item().toFixed(6);
const gradient = (r: L1L2) => Array.from(tl.grad((x) => r.apply(x))(w).dataSync(), (v) => +v.toFixed(6));

describe('regularizers', () => {
  it('values: l1 sum|w|, l2 sum w^2, with the Keras default factor 0.01', () => {
    assert.equal(value(l1()), 0.035);
    assert.equal(value(l2()), 0.0525);
    assert.equal(value(l1l2()), 0.0875);
    assert.equal(value(l1l2({ l1: 0.1, l2: 1 })), 0.35 + 5.25);
    assert.equal(value(l1l2({ l1: 0, l2: 0 })), 0);
  });

  it('gradients: l1 sign(w), l2 2w (0 at w = 0 for both)', () => {
    assert.deepEqual(gradient(l1({ l1: 1 })), [1, -1, 1, 0]);
    assert.deepEqual(gradient(l2({ l2: 1 })), [2, -4, 1, 0]);
    assert.deepEqual(gradient(l1l2({ l1: 0.5, l2: 0.5 })), [1.5, -2.5, 1, 0]);
  });

  it('configs: written as L1L2 {l1, l2}, read from names, Keras L1/L2 classes and instances', () => {
    assert.deepEqual({ className: l2().className, config: l2().getConfig() }, { className: 'L1L2', config: { l1: 0, l2: 0.01 } });
    for (const name of ['l1l2', 'l1_l2', 'L1L2']) assert.deepEqual(regularizerFromConfig(name).getConfig(), { l1: 0.01, l2: 0.01 }, name);
    assert.deepEqual(regularizerFromConfig('l1').getConfig(), { l1: 0.01, l2: 0 });
    assert.deepEqual(regularizerFromConfig({ className: 'L2', config: { l2: 0.5 } }).getConfig(), { l1: 0, l2: 0.5 });
    assert.deepEqual(regularizerFromConfig({ className: 'L1L2', config: { l1: 0.2, l2: 0.3 } }).getConfig(), { l1: 0.2, l2: 0.3 });
    const r = l1();
    assert.equal(regularizerFromConfig(r), r);
  });

  it('refuses negative factors and unknown names with typed errors', () => {
    assert.throws(() => l2({ l2: -1 }), (e: Error) => e instanceof tl.ArgumentError && /L1L2: l2 must be a number >= 0, found -1/.test(e.message));
    assert.throws(() => regularizerFromConfig('l3'), (e: Error) => e instanceof tl.ArgumentError && /regularizerFromConfig: unknown name 'l3'; known: L1L2, L1, L2/.test(e.message));
    assert.throws(() => new L1L2({ l1: Number.NaN }), /l1 must be a number >= 0, found NaN/);
  });
});
