import { noGrad } from '../autograd/tape.js';
import { ConfusionMatrix, metricFromName } from '../nn/metrics/index.js';
import type { LayersModel } from '../nn/model/index.js';
import type { Tensor } from '../tensor/tensor.js';

/** Test-set figures the CLI prints: loss and the classification metrics, macro-averaged. */
export interface ClassificationReport {
  loss: number;
  accuracy: number;
  precision: number;
  recall: number;
  f1: number;
  /** Counts, rows = true class, columns = predicted class. */
  confusionMatrix: number[][];
}

export function classificationReport(model: LayersModel, x: Tensor, y: Tensor, batchSize: number): ClassificationReport {
  const { loss } = model.evaluate(x, y, { batchSize });
  const prediction = noGrad(() => model.predict(x, { batchSize }));
  const [accuracy, precision, recall, f1] = ['accuracy', 'precision', 'recall', 'f1'].map((name) => {
    const metric = metricFromName(name);
    metric.update(y, prediction);
    return metric.result();
  });
  const confusion = new ConfusionMatrix();
  confusion.update(y, prediction);
  return { loss: loss!, accuracy: accuracy!, precision: precision!, recall: recall!, f1: f1!, confusionMatrix: confusion.result() };
}

/** The confusion matrix as an aligned text table. */
export function formatConfusionMatrix(matrix: number[][]): string {
  const width = Math.max(4, ...matrix.flat().map((v) => String(v).length)) + 1;
  const cell = (v: string | number) => String(v).padStart(width);
  const header = `${'true\\pred'.padEnd(10)}${matrix.map((_, j) => cell(j)).join('')}`;
  return [header, ...matrix.map((row, i) => `${String(i).padEnd(10)}${row.map(cell).join('')}`)].join('\n');
}
