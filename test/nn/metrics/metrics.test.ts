import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as tl from '../../../src/index.js';
import { assertClose } from '../../helpers/opCheck.js';

const m = tl.metrics;
const { metricFromName } = tl.metrics;

/** Probability rows whose argmax is each given class. */
function predictionsFor(classes: number[], k: number): tl.Tensor {
  return tl.tensor(classes.map((c) => Array.from({ length: k }, (_, j) => (j === c ? 0.7 : 0.1))));
}

/** Feeds [yTrue, yPred] batches to a fresh metric. */
function fed<M extends { update(t: tl.Tensor, p: tl.Tensor): void }>(metric: M, batches: [tl.Tensor, tl.Tensor][]): M {
  for (const [t, p] of batches) metric.update(t, p);
  return metric;
}

// Four classes; class 3 never occurs and is never predicted. By hand, rows = true class:
//   true 0: predicted 0, 1, 2   -> [1, 1, 1, 0]
//   true 1: predicted 1, 1      -> [0, 2, 0, 0]
//   true 2: predicted 2, 0, 2   -> [1, 0, 2, 0]
//   true 3: none                -> [0, 0, 0, 0]
const LABELS = [0, 0, 1, 1, 2, 2, 2, 0];
const PREDICTED = [0, 1, 1, 1, 2, 0, 2, 2];
const MATRIX = [[1, 1, 1, 0], [0, 2, 0, 0], [1, 0, 2, 0], [0, 0, 0, 0]];
// Column sums (predicted) 2, 3, 3, 0; row sums (actual) 3, 2, 3, 0.
const PRECISION = [1 / 2, 2 / 3, 2 / 3, 0];
const RECALL = [1 / 3, 1, 2 / 3, 0];
const F1 = [2 / 5, 4 / 5, 4 / 6, 0]; // 2tp / (predicted + actual)
const mean = (xs: number[]): number => xs.reduce((s, v) => s + v, 0) / xs.length;

/** The example in two batches (5 + 3 samples), with sparse or one-hot labels. */
function multiClassBatches(labels: 'sparse' | 'oneHot'): [tl.Tensor, tl.Tensor][] {
  const y = tl.tensor(LABELS, [8], 'int32');
  const yTrue = labels === 'sparse' ? y : tl.oneHot(y, 4);
  const yPred = predictionsFor(PREDICTED, 4);
  const part = (t: tl.Tensor, begin: number, size: number) => t.slice([begin, ...t.shape.slice(1).map(() => 0)], [size, ...t.shape.slice(1)]);
  return [[part(yTrue, 0, 5), part(yPred, 0, 5)], [part(yTrue, 5, 3), part(yPred, 5, 3)]];
}

// Binary, threshold 0.5 (strictly above is positive): predicted [1, 1, 0, 1, 1, 0].
// TP 2 (0, 3), FP 2 (1, 4), FN 1 (2), TN 1 (5).
const BINARY_TRUE = tl.tensor([1, 0, 1, 1, 0, 0]);
const BINARY_PRED = tl.tensor([[0.9], [0.6], [0.4], [0.7], [0.8], [0.5]]);

describe('classification metrics: multi-class, against a hand-computed confusion matrix', () => {
  for (const labels of ['sparse', 'oneHot'] as const) {
    it(`${labels} labels: confusion matrix, accuracy, per-class and macro precision/recall/F1`, () => {
      const batches = multiClassBatches(labels);
      assert.deepEqual(fed(new m.ConfusionMatrix(), batches).result(), MATRIX);
      assert.equal(fed(m.accuracy(), batches).result(), 5 / 8);
      const named = labels === 'sparse' ? m.sparseCategoricalAccuracy() : m.categoricalAccuracy();
      assert.equal(fed(named, batches).result(), 5 / 8);
      for (const [metric, perClass] of [[m.precision(), PRECISION], [m.recall(), RECALL], [m.f1(), F1]] as const) {
        fed(metric, batches);
        assertClose(metric.perClass(), perClass, 1e-12, 0, `${metric.name} per class`);
        assertClose([metric.result()], [mean(perClass)], 1e-12, 0, `${metric.name} macro`);
      }
    });
  }

  it('the class that never occurs counts as 0 in the macro average (precision 0 by convention)', () => {
    const p = fed(m.precision(), multiClassBatches('sparse'));
    assert.equal(p.perClass()[3], 0);
    assertClose([p.result()], [(1 / 2 + 2 / 3 + 2 / 3) / 4], 1e-12, 0, 'macro precision');
  });

  it('reset starts over', () => {
    const metric = fed(m.f1(), multiClassBatches('sparse'));
    metric.reset();
    assert.equal(metric.result(), 0);
    assert.deepEqual(metric.perClass(), []);
    metric.update(tl.tensor([1], [1], 'int32'), predictionsFor([1], 3));
    assert.deepEqual(metric.perClass(), [0, 1, 0]);
  });
});

describe('classification metrics: binary', () => {
  it('confusion matrix and positive-class precision, recall, F1, accuracy', () => {
    const batch: [tl.Tensor, tl.Tensor][] = [[BINARY_TRUE, BINARY_PRED]];
    assert.deepEqual(fed(new m.ConfusionMatrix(), batch).result(), [[1, 2], [1, 2]]);
    assert.equal(fed(m.precision(), batch).result(), 2 / 4);
    assert.equal(fed(m.recall(), batch).result(), 2 / 3);
    assertClose([fed(m.f1(), batch).result()], [4 / 7], 1e-12, 0, 'f1');
    assert.equal(fed(m.binaryAccuracy(), batch).result(), 3 / 6);
    assert.equal(fed(m.accuracy(), batch).result(), 3 / 6);
    assert.deepEqual(fed(m.precision(), batch).perClass(), [1 / 2, 2 / 4], 'per class: negatives too');
  });

  it('threshold 0 reads logits; [batch] predictions work like [batch, 1]', () => {
    const logits = tl.tensor([2.2, 0.4, -0.4, 0.85, 1.4, 0]);
    assert.equal(fed(m.precision({ threshold: 0 }), [[BINARY_TRUE, logits]]).result(), 2 / 4);
    assert.equal(fed(m.binaryAccuracy({ threshold: 0 }), [[BINARY_TRUE, logits]]).result(), 3 / 6);
  });

  it('binaryAccuracy counts every output of multi-label predictions', () => {
    // Outputs: (1, 0.9) right, (0, 0.2) right, (0, 0.8) wrong, (1, 0.3) wrong.
    assert.equal(fed(m.binaryAccuracy(), [[tl.tensor([[1, 0], [0, 1]]), tl.tensor([[0.9, 0.2], [0.8, 0.3]])]]).result(), 0.5);
  });
});

describe('accuracyFor: the accuracy that fits the shapes', () => {
  it('follows Keras\' rule', () => {
    const cases: [number[], number[], string][] = [
      [[4], [4, 1], 'binaryAccuracy'],
      [[4, 1], [4, 1], 'binaryAccuracy'],
      [[4], [4], 'binaryAccuracy'],
      [[4, 3], [4, 3], 'categoricalAccuracy'],
      [[4], [4, 3], 'sparseCategoricalAccuracy'],
      [[4, 1], [4, 3], 'sparseCategoricalAccuracy'],
    ];
    for (const [t, p, name] of cases) assert.equal(m.accuracyFor(t, p).name, name, `${JSON.stringify(t)} ${JSON.stringify(p)}`);
    assert.throws(() => m.accuracyFor([4, 2], [4, 3]), (e: Error) =>
      e instanceof tl.ShapeError && e.message === 'accuracy: yTrue [4,2] does not fit yPred [4,3]: expected one-hot labels [4,3] or class indices [4]');
  });
});

describe('classification metrics: bad input', () => {
  it('typed errors naming the metric and what was found', () => {
    assert.throws(() => m.precision().update(tl.tensor([0, 5], [2], 'int32'), predictionsFor([0, 1], 3)), (e: Error) =>
      e instanceof tl.ArgumentError && e.message === 'precision: label 5 at position 1 is out of range [0, 3) for yPred [2,3]');
    assert.throws(() => m.sparseCategoricalAccuracy().update(tl.tensor([0, 1]), predictionsFor([0, 1], 3)), /^DTypeError: sparseCategoricalAccuracy: class labels \(yTrue\) must be int32, found float32$/);
    assert.throws(() => m.recall().update(tl.tensor([0, 2]), tl.tensor([0.1, 0.9])), /^ArgumentError: recall: binary label 2 at position 1 is not 0 or 1$/);
    assert.throws(() => m.categoricalAccuracy().update(tl.tensor([0, 1], [2], 'int32'), predictionsFor([0, 1], 3)), /^ShapeError: categoricalAccuracy: one-hot labels yTrue \[2\] and yPred \[2,3\] must have the same shape$/);
    assert.throws(() => m.binaryAccuracy().update(tl.zeros([3]), tl.zeros([2, 1])), /^ShapeError: binaryAccuracy: yTrue \[3\] and yPred \[2,1\] must have the same shape$/);
    assert.throws(() => m.accuracy().update([0] as unknown as tl.Tensor, tl.zeros([1])), /^ArgumentError: accuracy: expected yTrue to be a Tensor, found an array$/);
    assert.throws(() => m.precision({ threshold: Number.NaN }), /^ArgumentError: precision: threshold must be a finite number, found number NaN$/);
    const matrix = new m.ConfusionMatrix();
    matrix.update(tl.tensor([0], [1], 'int32'), predictionsFor([0], 3));
    assert.throws(() => matrix.update(tl.tensor([0], [1], 'int32'), predictionsFor([0], 4)), /^ShapeError: confusionMatrix: earlier batches had 3 classes, this one has 4$/);
  });
});

describe('AUC (binary, exact)', () => {
  it('matches a hand count of positive/negative pairs, ties counting one half, over two batches', () => {
    // Positives 0.9, 0.8, 0.5, 0.1; negatives 0.8, 0.5, 0.3. Pairs won by the positive:
    //   0.9: 3;  0.8: tie + 2 = 2.5;  0.5: tie + 1 = 1.5;  0.1: 0   -> 7 of 4 · 3 = 12.
    const auc = tl.metrics.auc();
    auc.update(tl.tensor([1, 1, 0, 1]), tl.tensor([[0.9], [0.8], [0.8], [0.5]]));
    auc.update(tl.tensor([0, 0, 1]), tl.tensor([[0.5], [0.3], [0.1]]));
    assertClose([auc.result()], [7 / 12], 1e-12, 0, 'AUC');
  });

  it('is 1 for a perfect ranking, 0.5 when every score ties, 0 without both classes', () => {
    const auc = tl.metrics.auc();
    auc.update(tl.tensor([0, 0, 1]), tl.tensor([-3, 1, 2]));
    assert.equal(auc.result(), 1);
    auc.reset();
    auc.update(tl.tensor([0, 1, 1, 0]), tl.tensor([0.5, 0.5, 0.5, 0.5]));
    assert.equal(auc.result(), 0.5);
    auc.reset();
    auc.update(tl.tensor([1, 1]), tl.tensor([0.2, 0.9]));
    assert.equal(auc.result(), 0);
  });

  it('refuses multi-class predictions and non-finite scores', () => {
    assert.throws(() => tl.metrics.auc().update(tl.tensor([0, 1], [2], 'int32'), tl.zeros([2, 3])), (e: Error) =>
      e instanceof tl.ShapeError && e.message === 'auc: expected binary scores yPred [batch] or [batch, 1], found [2,3]');
    assert.throws(() => tl.metrics.auc().update(tl.tensor([0, 1]), tl.tensor([0.5, Number.NaN])), /^ArgumentError: auc: score NaN at position 1 is not a finite number$/);
  });
});

describe('metricFromName', () => {
  it('knows the TF.js and Keras names', () => {
    const cases: [string, string][] = [
      ['accuracy', 'accuracy'], ['acc', 'accuracy'], ['binary_accuracy', 'binaryAccuracy'],
      ['categoricalAccuracy', 'categoricalAccuracy'], ['sparse_categorical_accuracy', 'sparseCategoricalAccuracy'],
      ['precision', 'precision'], ['Recall', 'recall'], ['f1', 'f1'], ['f1_score', 'f1'], ['AUC', 'auc'],
    ];
    for (const [identifier, name] of cases) assert.equal(metricFromName(identifier).name, name, identifier);
  });

  it('takes a threshold from a config, returns a Metric it is given, refuses unknown names', () => {
    const p = metricFromName({ className: 'Precision', config: { threshold: 0, name: 'precision' } });
    p.update(tl.tensor([1, 0]), tl.tensor([0.1, -0.1]));
    assert.equal(p.result(), 1, 'score 0.1 is positive with threshold 0');
    const metric = tl.metrics.auc();
    assert.equal(metricFromName(metric), metric);
    assert.throws(() => metricFromName('topK'), (e: Error) => e instanceof tl.ArgumentError && /^metricFromName: unknown metric "topK"; expected one of accuracy \(acc\)/.test(e.message));
    assert.throws(() => metricFromName({ className: 'auc', config: { threshold: 1 } }), /^ArgumentError: auc: unknown config key "threshold"; it takes no options$/);
  });
});
