/** Metrics: `tl.metrics.f1()`, or `tl.metrics.metricFromName('accuracy')`; each has update/result/reset. */
export type { Metric } from './metric.js';
export type { LabelKind } from './classes.js';
export { accuracy, accuracyFor, binaryAccuracy, categoricalAccuracy, sparseCategoricalAccuracy } from './accuracy.js';
export type { ThresholdOptions } from './accuracy.js';
export { precision, recall, f1 } from './classScores.js';
export type { PerClassMetric } from './classScores.js';
export { ConfusionMatrix } from './confusionMatrix.js';
export { AUC, auc } from './auc.js';
export { metricFromName } from './registry.js';
