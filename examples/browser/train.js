// Trains a 784-128-10 MLP (ReLU, softmax cross-entropy, Adam) on MNIST-shaped data by calling
// the kernels of a Tensile backend directly: the page runs it on the wasm backend in the
// browser; test/backend/wasmBrowser.test.ts runs the same code in Node. Plain JavaScript, so a
// browser loads it as it is (from the build in dist/, made by `npm install`).
import { Random } from '../../dist/tensor/random.js';

/** Glorot-uniform weights of a fanIn x fanOut layer. */
function glorot(fanIn, fanOut, random) {
  const limit = Math.sqrt(6 / (fanIn + fanOut));
  return Float32Array.from({ length: fanIn * fanOut }, () => (2 * random.next() - 1) * limit);
}

/** Rows `from`..`from + batch` of the images as floats in [0, 1], and their labels. */
function batchOf(images, labels, from, batch) {
  const x = new Float32Array(batch * 784);
  for (let i = 0; i < x.length; i++) x[i] = images[from * 784 + i] / 255;
  return { x, y: Int32Array.from(labels.subarray(from, from + batch)) };
}

/**
 * `steps` Adam steps over consecutive batches of (`images`: 784 bytes per sample, `labels`),
 * wrapping around; returns the loss of every step and the accuracy of the last `evalSamples`
 * samples (held out from training).
 */
export function trainMlp(backend, images, labels, { steps = 100, batch = 128, learningRate = 1e-3, evalSamples = 1000 } = {}) {
  const random = new Random(42);
  const params = [glorot(784, 128, random), new Float32Array(128), glorot(128, 10, random), new Float32Array(10)];
  const moments = params.map((p) => ({ m: new Float32Array(p.length), v: new Float32Array(p.length) }));
  const trainSamples = labels.length - evalSamples;
  const mm = (a, b, m, n, k, options = {}) => backend.matmul(a, b, {
    batch: 1, m, n, k, transposeA: false, transposeB: false, aBatchStride: 0, bBatchStride: 0, ...options,
  });
  const forward = (x, rows) => {
    const hidden = mm(x, params[0], rows, 128, 784, { bias: params[1], activation: 'relu' });
    return { hidden, logits: mm(hidden, params[2], rows, 10, 128, { bias: params[3] }) };
  };
  const losses = [];
  for (let step = 0; step < steps; step++) {
    const from = (step * batch) % (trainSamples - batch);
    const { x, y } = batchOf(images, labels, from, batch);
    const { hidden, logits } = forward(x, batch);
    const logProbs = backend.logSoftmax(logits, { outer: batch, axis: 10, inner: 1 });
    let loss = 0;
    for (let i = 0; i < batch; i++) loss -= logProbs[i * 10 + y[i]] / batch;
    losses.push(loss);
    // d loss / d logits = (softmax - one-hot) / batch.
    const dLogits = backend.binary('mul',
      backend.binary('sub', backend.unary('exp', logProbs), [batch, 10], backend.oneHot(y, 10), [batch, 10], [batch, 10]),
      [batch, 10], Float32Array.of(1 / batch), [], [batch, 10]);
    const dHidden = backend.binary('reluGrad', mm(dLogits, params[2], batch, 128, 10, { transposeB: true }), [batch, 128], hidden, [batch, 128], [batch, 128]);
    const grads = [
      mm(x, dHidden, 784, 128, batch, { transposeA: true }),
      backend.reduce('sum', dHidden, [batch, 128], [0]),
      mm(hidden, dLogits, 128, 10, batch, { transposeA: true }),
      backend.reduce('sum', dLogits, [batch, 10], [0]),
    ];
    const t = step + 1;
    const alpha = (learningRate * Math.sqrt(1 - 0.999 ** t)) / (1 - 0.9 ** t);
    params.forEach((p, i) => {
      const next = backend.adam(p, grads[i], moments[i].m, moments[i].v, { alpha, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 });
      params[i] = next.param;
      moments[i] = { m: next.m, v: next.v };
    });
  }
  const held = batchOf(images, labels, trainSamples, evalSamples);
  const predicted = backend.argReduce('argMax', forward(held.x, evalSamples).logits, [evalSamples, 10], 1);
  const accuracy = predicted.filter((label, i) => label === held.y[i]).length / evalSamples;
  return { losses, accuracy };
}

/** The images and labels of raw MNIST IDX files (idx3 images, idx1 labels), after their headers. */
export function parseIdx(imageBytes, labelBytes) {
  return { images: imageBytes.subarray(16), labels: labelBytes.subarray(8) };
}
