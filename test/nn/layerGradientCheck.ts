import * as tl from '../../src/index.js';
import type { Layer } from '../../src/nn/layers/layer.js';
import { assertClose, numericGradient, toND } from '../helpers/opCheck.js';
import type { NDArray } from '../helpers/reference.js';

/**
 * checkOp for layers: the layer's output against a float64 reference of (input, ...trainable
 * weights), and the autograd gradients of the input (when float32) and of every trainable
 * weight against central finite differences of the reference. For layers that add math beyond
 * the ops they call (batch statistics, lookups).
 */
export function checkLayerGradients(check: {
  layer: Layer;
  input: tl.Tensor;
  training: boolean;
  /** A `[batch, steps]` mask passed to the call (recurrent layers). */
  mask?: tl.Tensor;
  reference: (x: NDArray, ...weights: NDArray[]) => NDArray;
}): void {
  const { layer, input, training, reference, mask } = check;
  const x = input.dtype === 'float32' ? tl.variable(input) : input;
  const y = layer.apply(x, { training, mask });
  const trainable = layer.trainableWeights.map((w) => w.tensor);
  const refInputs = [toND(input), ...trainable.map(toND)];
  assertClose(y.dataSync(), reference(refInputs[0]!, ...refInputs.slice(1)).data, 1e-4, 1e-5, 'forward');

  const r = tl.randomUniform([...y.shape], -1, 1, 'float32', 12345);
  tl.sum(tl.mul(y, r)).backward();
  const reference64 = (...xs: NDArray[]) => reference(xs[0]!, ...xs.slice(1));
  const analytic = [x.requiresGrad ? x.grad : null, ...trainable.map((w) => w.grad)];
  analytic.forEach((g, k) => {
    if (k === 0 && !x.requiresGrad) return;
    const what = k === 0 ? 'input gradient' : `gradient of ${layer.trainableWeights[k - 1]!.name}`;
    if (g === null) throw new Error(`${what}: missing`);
    assertClose(g.dataSync(), numericGradient(reference64, refInputs, r.dataSync(), k, 1e-6), 1e-3, 1e-4, what);
  });
}
