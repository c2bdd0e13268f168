import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as tl from '../../src/index.js';
import { ACTIVATION_NAMES, activationFromName } from '../../src/nn/activations.js';
import { checkOp } from '../helpers/opCheck.js';
import * as ref from '../helpers/reference.js';

const scalarReferences: Record<string, (v: number) => number> = {
  linear: (v) => v,
  relu: (v) => Math.max(v, 0),
  sigmoid: (v) => 1 / (1 + Math.exp(-v)),
  tanh: Math.tanh,
  leakyRelu: (v) => (v > 0 ? v : 0.2 * v),
  elu: (v) => (v > 0 ? v : Math.exp(v) - 1),
  gelu: (v) => 0.5 * v * (1 + ref.erf(v / Math.SQRT2)),
  hardSigmoid: (v) => Math.min(1, Math.max(0, 0.2 * v + 0.5)),
};

describe('activations', () => {
  // Inputs avoid a neighbourhood of 0, where relu, leakyRelu and elu have kinks that finite differences straddle.
  const x = tl.randomUniform([3, 8], 0.05, 2.5, 'float32', 3).mul(tl.tensor([1, -1, 1, -1, 1, -1, 1, -1]));

  for (const [name, f] of Object.entries(scalarReferences)) {
    it(`${name}: values and gradients against float64`, () => {
      checkOp({ op: (t) => activationFromName(name).apply(t!), reference: (t) => ref.map(t!, f), inputs: [x] });
    });
  }

  it('softmax normalises over the last axis: values and gradients', () => {
    checkOp({ op: (t) => activationFromName('softmax').apply(t!), reference: (t) => ref.softmax(t!, -1), inputs: [x] });
  });

  it('hand-computed values at a few points', () => {
    // Within float32 accuracy: backends may use different exp/erf approximations.
    const at = (name: string, v: number[], expected: number[]) => {
      const y = activationFromName(name).apply(tl.tensor(v)).dataSync();
      expected.forEach((e, i) => assert.ok(Math.abs(y[i]! - e) <= 2e-6, `${name}(${v[i]}) = ${y[i]}, expected ${e}`));
    };
    at('leakyRelu', [-2, 0, 3], [-0.4, 0, 3]);
    at('elu', [-1, 0, 2], [Math.exp(-1) - 1, 0, 2]);
    // gelu(1) = Phi(1) = 0.8413447, gelu(-1) = -(1 - Phi(1)).
    at('gelu', [-1, 0, 1], [-0.1586553, 0, 0.8413447]);
    at('softmax', [0, Math.log(3)], [0.25, 0.75]);
    // TF.js' hard sigmoid: 0 below -2.5, 1 above 2.5, 0.2 x + 0.5 between.
    at('hardSigmoid', [-3, 0, 1, 3], [0, 0.5, 0.7, 1]);
  });

  it('reads TF.js and Keras spellings, and marks the ones a matmul kernel fuses', () => {
    assert.equal(activationFromName('leaky_relu').name, 'leakyRelu');
    assert.equal(activationFromName('leakyRelu').name, 'leakyRelu');
    assert.equal(activationFromName('Softmax').name, 'softmax');
    const fused = ACTIVATION_NAMES.filter((n) => activationFromName(n).fused !== undefined);
    assert.deepEqual(fused, ['linear', 'relu', 'sigmoid', 'tanh']);
    const linear = activationFromName('linear');
    assert.equal(linear.apply(x), x, 'linear returns its input');
  });

  it('an unknown name is an ArgumentError listing the known names', () => {
    assert.throws(() => activationFromName('swishy'), (e: Error) =>
      e instanceof tl.ArgumentError && /unknown activation "swishy"; known: linear, relu, sigmoid, tanh, softmax, leakyRelu, elu, gelu/.test(e.message));
    assert.throws(() => activationFromName(3 as unknown as string), tl.ArgumentError);
  });
});
