import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as tl from '../../../src/index.js';
import { assertClose, checkOp } from '../../helpers/opCheck.js';
import type { NDArray } from '../../helpers/reference.js';
import { nd } from '../../helpers/reference.js';

const { meanSquaredError, meanAbsoluteError, binaryCrossentropy, categoricalCrossentropy, sparseCategoricalCrossentropy, lossFromName } = tl.losses;

// Float64 references, one row (the last axis) at a time.
const EPS = 1e-7;
const clip = (p: number): number => Math.min(Math.max(p, EPS), 1 - EPS);
const logSumExp = (z: number[]): number => {
  const m = Math.max(...z);
  return m + Math.log(z.reduce((s, v) => s + Math.exp(v - m), 0));
};

function perRow(x: NDArray, f: (row: number[], r: number) => number): NDArray {
  const width = x.shape[x.shape.length - 1]!;
  const out: number[] = [];
  for (let r = 0; r * width < x.data.length; r++) out.push(f(Array.from(x.data.subarray(r * width, (r + 1) * width)), r));
  return nd(out, x.shape.slice(0, -1));
}

const rowOf = (t: tl.Tensor, r: number): number[] => {
  const width = t.shape[t.rank - 1]!;
  return Array.from(t.dataSync().subarray(r * width, (r + 1) * width));
};
const mean = (xs: number[]): number => xs.reduce((s, v) => s + v, 0) / xs.length;

const refBinary = (y: tl.Tensor, fromLogits: boolean) => (p: NDArray): NDArray => perRow(p, (row, r) => mean(row.map((v, j) => {
  const t = rowOf(y, r)[j]!;
  // log(1 + e^x) - x·t, written stably; or the clipped log-likelihood.
  return fromLogits ? Math.max(v, 0) - v * t + Math.log1p(Math.exp(-Math.abs(v))) : -(t * Math.log(clip(v)) + (1 - t) * Math.log(clip(1 - v)));
})));

const refCategorical = (target: tl.Tensor, fromLogits: boolean) => (p: NDArray): NDArray => perRow(p, (row, r) => {
  const t = rowOf(target, r);
  const total = row.reduce((s, v) => s + v, 0);
  const logP = fromLogits ? row.map((v) => v - logSumExp(row)) : row.map((v) => Math.log(clip(v / total)));
  return -t.reduce((s, tj, j) => s + tj * logP[j]!, 0);
});

const u = (shape: number[], seed: number, lo: number, hi: number) => tl.randomUniform(shape, lo, hi, 'float32', seed);

describe('losses: hand-computed values', () => {
  it('meanSquaredError and meanAbsoluteError average over each sample\'s values', () => {
    const yTrue = tl.tensor([[1, 2], [3, 4]]);
    const yPred = tl.tensor([[1, 1], [1, 1]]);
    assert.deepEqual(meanSquaredError().perSample(yTrue, yPred).toArray(), [0.5, 6.5]);
    assert.deepEqual(meanAbsoluteError().perSample(yTrue, yPred).toArray(), [0.5, 2.5]);
    // [batch, 2, 2]: one value per sample, the mean of its four squared errors.
    const cube = meanSquaredError().perSample(tl.tensor([[[1, 1], [1, 1]], [[0, 0], [0, 4]]]), tl.zeros([2, 2, 2]));
    assert.deepEqual(cube.toArray(), [1, 4]);
    // Labels [batch] next to outputs [batch, 1] (and the reverse) are one value per sample.
    assert.deepEqual(meanSquaredError().perSample(tl.tensor([1, 2, 3]), tl.tensor([[1], [1], [1]])).toArray(), [0, 1, 4]);
    assert.deepEqual(meanAbsoluteError().perSample(tl.tensor([[1], [2], [3]]), tl.tensor([1, 1, 1])).toArray(), [0, 1, 2]);
  });

  it('binaryCrossentropy from probabilities and from logits', () => {
    const y = tl.tensor([[1], [0], [1]]);
    assertClose(binaryCrossentropy().perSample(y, tl.tensor([[0.8], [0.3], [0.5]])).dataSync(), [-Math.log(0.8), -Math.log(0.7), Math.LN2], 1e-6, 0, 'probabilities');
    // Logits 0 and ln 4 are probabilities 1/2 and 4/5.
    assertClose(binaryCrossentropy({ fromLogits: true }).perSample(y, tl.tensor([[Math.log(4)], [0], [0]])).dataSync(), [-Math.log(0.8), Math.LN2, Math.LN2], 1e-6, 0, 'logits');
    // int32 labels are fine; several outputs per sample are averaged.
    const multi = binaryCrossentropy().perSample(tl.tensor([[1, 0]], [1, 2], 'int32'), tl.tensor([[0.8, 0.2]]));
    assertClose(multi.dataSync(), [-Math.log(0.8)], 1e-6, 0, 'two outputs');
  });

  it('categoricalCrossentropy normalises probabilities as Keras does', () => {
    const y = tl.tensor([[0, 1, 0], [1, 0, 0]]);
    const loss = categoricalCrossentropy().perSample(y, tl.tensor([[0.2, 0.7, 0.1], [0.8, 2.8, 0.4]]));
    assertClose(loss.dataSync(), [-Math.log(0.7), -Math.log(0.2)], 1e-6, 0, 'probabilities');
  });

  it('sparseCategoricalCrossentropy from logits is −log softmax(z)[label]', () => {
    const loss = sparseCategoricalCrossentropy({ fromLogits: true }).perSample(tl.tensor([1, 0], [2], 'int32'), tl.tensor([[1, 2, 3], [0, 0, 0]]));
    const lse = 3 + Math.log(1 + Math.exp(-1) + Math.exp(-2));
    assertClose(loss.dataSync(), [lse - 2, Math.log(3)], 1e-6, 0, 'logits');
    const column = sparseCategoricalCrossentropy().perSample(tl.tensor([[2]], [1, 1], 'int32'), tl.tensor([[0.25, 0.25, 0.5]]));
    assertClose(column.dataSync(), [Math.LN2], 1e-6, 0, 'labels [batch, 1]');
  });
});

describe('losses: values against float64 and gradients by finite differences', () => {
  const probs = u([4, 3], 3, 0.05, 0.95);
  const logits = u([4, 3], 4, -4, 4);
  const soft = tl.softmax(u([4, 3], 5, -2, 2));
  const labels = tl.tensor([2, 0, 1, 1], [4], 'int32');

  it('meanSquaredError, meanAbsoluteError', () => {
    const yTrue = u([4, 3], 6, -1, 1);
    const sq = (p: NDArray) => perRow(p, (row, r) => mean(row.map((v, j) => (rowOf(yTrue, r)[j]! - v) ** 2)));
    const ab = (p: NDArray) => perRow(p, (row, r) => mean(row.map((v, j) => Math.abs(rowOf(yTrue, r)[j]! - v))));
    checkOp({ op: (p) => meanSquaredError().perSample(yTrue, p), reference: (p) => sq(p!), inputs: [logits] });
    checkOp({ op: (p) => meanAbsoluteError().perSample(yTrue, p), reference: (p) => ab(p!), inputs: [logits] });
  });

  it('binaryCrossentropy, probabilities and logits (soft labels too)', () => {
    const y = u([4, 3], 7, 0, 1);
    checkOp({ op: (p) => binaryCrossentropy().perSample(y, p), reference: (p) => refBinary(y, false)(p!), inputs: [probs] });
    checkOp({ op: (p) => binaryCrossentropy({ fromLogits: true }).perSample(y, p), reference: (p) => refBinary(y, true)(p!), inputs: [logits] });
  });

  it('binaryCrossentropy from logits has the exact gradient σ(x) − y at x = 0', () => {
    const x = tl.variable([[0], [0]]);
    binaryCrossentropy({ fromLogits: true }).perSample(tl.tensor([[1], [0]]), x).sum().backward();
    assertClose(x.grad!.dataSync(), [-0.5, 0.5], 1e-6, 0, 'gradient');
  });

  it('categoricalCrossentropy, probabilities and logits', () => {
    checkOp({ op: (p) => categoricalCrossentropy().perSample(soft, p), reference: (p) => refCategorical(soft, false)(p!), inputs: [probs] });
    checkOp({ op: (p) => categoricalCrossentropy({ fromLogits: true }).perSample(soft, p), reference: (p) => refCategorical(soft, true)(p!), inputs: [logits] });
  });

  it('sparseCategoricalCrossentropy, probabilities and logits', () => {
    const target = tl.oneHot(labels, 3);
    checkOp({ op: (p) => sparseCategoricalCrossentropy().perSample(labels, p), reference: (p) => refCategorical(target, false)(p!), inputs: [probs] });
    checkOp({ op: (p) => sparseCategoricalCrossentropy({ fromLogits: true }).perSample(labels, p), reference: (p) => refCategorical(target, true)(p!), inputs: [logits] });
  });
});

describe('losses: extreme inputs stay finite', () => {
  /** The loss values and the gradient of their sum, checked finite and against expectations. */
  function lossAndGradient(loss: tl.losses.Loss, yTrue: tl.Tensor, yPred: tl.Tensor): { values: number[]; grad: number[] } {
    const x = tl.variable(yPred);
    const values = loss.perSample(yTrue, x);
    values.sum().backward();
    // `+ 0` reads a loss of −0 (a negated zero sum) as 0.
    const out = { values: Array.from(values.dataSync(), (v) => v + 0), grad: Array.from(x.grad!.dataSync(), (v) => v + 0) };
    assert.ok([...out.values, ...out.grad].every(Number.isFinite), JSON.stringify(out));
    return out;
  }

  it('logits of ±1000', () => {
    const sparse = lossAndGradient(sparseCategoricalCrossentropy({ fromLogits: true }), tl.tensor([1, 1], [2], 'int32'), tl.tensor([[1000, -1000, 0], [-1000, 1000, 0]]));
    assert.deepEqual(sparse.values, [2000, 0]);
    assert.deepEqual(sparse.grad, [1, -1, 0, 0, 0, 0]);
    const categorical = lossAndGradient(categoricalCrossentropy({ fromLogits: true }), tl.tensor([[0, 1], [1, 0]]), tl.tensor([[1000, -1000], [1000, -1000]]));
    assert.deepEqual(categorical.values, [2000, 0]);
    const binary = lossAndGradient(binaryCrossentropy({ fromLogits: true }), tl.tensor([[0], [1], [1], [0]]), tl.tensor([[1000], [-1000], [1000], [-1000]]));
    assert.deepEqual(binary.values, [1000, 1000, 0, 0]);
    assert.deepEqual(binary.grad, [1, -1, 0, 0]);
  });

  it('probabilities of exactly 0 and 1 cost −log ε at most', () => {
    const binary = lossAndGradient(binaryCrossentropy(), tl.tensor([[0], [1], [1]]), tl.tensor([[1], [0], [1]]));
    assertClose(binary.values, [-Math.log(EPS), -Math.log(EPS), 0], 1e-5, 1e-6, 'binary');
    const sparse = lossAndGradient(sparseCategoricalCrossentropy(), tl.tensor([0], [1], 'int32'), tl.tensor([[0, 1]]));
    assertClose(sparse.values, [-Math.log(EPS)], 1e-5, 0, 'sparse');
  });

  it('probabilities from softmax are taken from their logits, as Keras does: no saturation, gradient p − target', () => {
    const logits = tl.variable(tl.tensor([[40, 0, -40], [2, 1, 0.5]]));
    const target = tl.tensor([[0, 0, 1], [0, 1, 0]]);
    const cases: [tl.losses.Loss, tl.Tensor][] = [[categoricalCrossentropy(), target], [sparseCategoricalCrossentropy(), tl.tensor([2, 1], [2], 'int32')]];
    for (const [loss, yTrue] of cases) {
      const values = loss.perSample(yTrue, tl.softmax(logits));
      // Clipped probabilities would cap the first row at −log ε ≈ 16.1.
      const logP = tl.logSoftmax(logits).dataSync();
      assertClose(Array.from(values.dataSync()), [-logP[2]!, -logP[4]!], 1e-5, 1e-6, loss.name);
      values.sum().backward();
      const p = tl.softmax(logits).dataSync();
      const t = target.dataSync();
      assertClose(Array.from(logits.grad!.dataSync()), Array.from(p, (pi, i) => pi - t[i]!), 1e-5, 1e-6, `${loss.name} gradient`);
      logits.grad = null;
    }
    // The same probabilities as a plain tensor are clipped as before.
    const copied = tl.tensor(tl.softmax(logits).dataSync(), [2, 3]);
    assertClose([categoricalCrossentropy().perSample(target, copied).dataSync()[0]!], [-Math.log(EPS)], 1e-5, 0, 'copied probabilities');
  });
});

describe('losses: bad input', () => {
  it('shape mismatches name the loss and both shapes', () => {
    assert.throws(() => meanSquaredError().perSample(tl.zeros([4, 2]), tl.zeros([4, 3])), (e: Error) =>
      e instanceof tl.ShapeError && e.message === 'meanSquaredError: yTrue [4,2] and yPred [4,3] must have the same shape');
    assert.throws(() => binaryCrossentropy().perSample(tl.zeros([4]), tl.zeros([4, 2])), /^ShapeError: binaryCrossentropy: yTrue \[4\] and yPred \[4,2\] must have the same shape$/);
    assert.throws(() => categoricalCrossentropy().perSample(tl.zeros([4], 'int32'), tl.zeros([4, 10])),
      /^ShapeError: categoricalCrossentropy: yTrue \[4\] and yPred \[4,10\] must have the same shape \(for integer class labels use sparseCategoricalCrossentropy\)$/);
    assert.throws(() => sparseCategoricalCrossentropy().perSample(tl.zeros([4, 2], 'int32'), tl.zeros([4, 10])),
      /^ShapeError: sparseCategoricalCrossentropy: class labels yTrue \[4,2\] do not fit predictions yPred \[4,10\]: expected yTrue \[4\]$/);
    assert.throws(() => sparseCategoricalCrossentropy().perSample(tl.zeros([4], 'int32'), tl.zeros([4])), /^ShapeError: sparseCategoricalCrossentropy: expected yPred of shape \[batch, classes\], found \[4\]$/);
    assert.throws(() => meanSquaredError().perSample(tl.scalar(1), tl.scalar(1)), /^ShapeError: meanSquaredError: expected yPred with a leading batch axis, found a scalar$/);
  });

  it('sparse labels must be int32 and in range', () => {
    assert.throws(() => sparseCategoricalCrossentropy().perSample(tl.tensor([1, 2]), tl.zeros([2, 3])), (e: Error) =>
      e instanceof tl.DTypeError && e.message === 'sparseCategoricalCrossentropy: class labels (yTrue) must be int32, found float32');
    assert.throws(() => sparseCategoricalCrossentropy().perSample(tl.tensor([0, 3], [2], 'int32'), tl.zeros([2, 3])), (e: Error) =>
      e instanceof tl.ArgumentError && e.message === 'sparseCategoricalCrossentropy: label 3 at position 1 is out of range [0, 3) for yPred [2,3]');
  });

  it('yPred must be a float32 tensor, and options must be what they say', () => {
    assert.throws(() => meanSquaredError().perSample(tl.zeros([2]), tl.zeros([2], 'int32')), /^DTypeError: meanSquaredError: expected yPred to be float32, found int32/);
    assert.throws(() => meanSquaredError().perSample([1, 2] as unknown as tl.Tensor, tl.zeros([2])), /^ArgumentError: meanSquaredError: expected yTrue to be a Tensor, found an array$/);
    assert.throws(() => binaryCrossentropy({ fromLogits: 'yes' as unknown as boolean }), /^ArgumentError: binaryCrossentropy: fromLogits must be true or false, found string yes$/);
  });
});

describe('lossFromName', () => {
  it('knows TF.js names, Keras names, class names and abbreviations', () => {
    const cases: [string, string][] = [
      ['sparseCategoricalCrossentropy', 'sparseCategoricalCrossentropy'],
      ['sparse_categorical_crossentropy', 'sparseCategoricalCrossentropy'],
      ['categorical_crossentropy', 'categoricalCrossentropy'],
      ['BinaryCrossentropy', 'binaryCrossentropy'],
      ['mse', 'meanSquaredError'],
      ['mean_squared_error', 'meanSquaredError'],
      ['mae', 'meanAbsoluteError'],
      ['meanAbsoluteError', 'meanAbsoluteError'],
    ];
    for (const [identifier, name] of cases) {
      const loss = lossFromName(identifier);
      assert.equal(loss.name, name, identifier);
      assert.equal(loss.fromLogits, false);
    }
  });

  it('round-trips configs, reads Keras configs, and returns a Loss it is given', () => {
    const original = tl.losses.sparseCategoricalCrossentropy({ fromLogits: true });
    assert.deepEqual(original.getConfig(), { className: 'SparseCategoricalCrossentropy', config: { fromLogits: true } });
    assert.deepEqual(lossFromName(original.getConfig()).getConfig(), original.getConfig());
    const keras = lossFromName({ className: 'BinaryCrossentropy', config: { name: 'binary_crossentropy', reduction: 'sum_over_batch_size', from_logits: true, label_smoothing: 0, axis: -1 } });
    assert.equal(keras.fromLogits, true);
    assert.deepEqual(tl.losses.meanSquaredError().getConfig(), { className: 'MeanSquaredError', config: {} });
    assert.equal(lossFromName(original), original);
  });

  it('refuses unknown losses and options it does not implement', () => {
    assert.throws(() => lossFromName('hinge'), (e: Error) => e instanceof tl.ArgumentError && /^lossFromName: unknown loss "hinge"; expected one of meanSquaredError \(mse\)/.test(e.message));
    assert.throws(() => lossFromName({ className: 'BinaryCrossentropy', config: { label_smoothing: 0.1 } }), /^ArgumentError: BinaryCrossentropy: label_smoothing = 0.1 is not supported \(only 0\)$/);
    assert.throws(() => lossFromName({ className: 'mse', config: { fromLogits: true } }), /^ArgumentError: mse: unknown config key "fromLogits"; it takes no options$/);
  });
});
