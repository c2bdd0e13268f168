import { fromRegistry, readConfig } from '../config.js';
import type { Serialized } from '../serialization.js';
import type { ThresholdOptions } from './accuracy.js';
import { accuracy, binaryAccuracy, categoricalAccuracy, sparseCategoricalAccuracy } from './accuracy.js';
import { auc } from './auc.js';
import { f1, precision, recall } from './classScores.js';
import type { Metric } from './metric.js';

interface Entry {
  keys: readonly string[];
  make: (options: ThresholdOptions) => Metric;
}

const THRESHOLD = (make: (options: ThresholdOptions) => Metric): Entry => ({ keys: ['threshold'], make });
const PLAIN = (make: () => Metric): Entry => ({ keys: [], make });

// By canonical name: 'sparse_categorical_accuracy', 'sparseCategoricalAccuracy' and Keras' class names match.
const METRICS: Record<string, Entry> = {
  accuracy: THRESHOLD(accuracy),
  acc: THRESHOLD(accuracy),
  binaryaccuracy: THRESHOLD(binaryAccuracy),
  categoricalaccuracy: PLAIN(categoricalAccuracy),
  sparsecategoricalaccuracy: PLAIN(sparseCategoricalAccuracy),
  precision: THRESHOLD(precision),
  recall: THRESHOLD(recall),
  f1: THRESHOLD(f1),
  f1score: THRESHOLD(f1),
  auc: PLAIN(auc),
};

/**
 * A metric from a name ('accuracy', 'acc', 'binaryAccuracy', 'categorical_accuracy',
 * 'sparseCategoricalAccuracy', 'precision', 'recall', 'f1', 'auc'), from a config
 * (`{ className: 'Precision', config: { threshold: 0 } }`), or a Metric returned as is.
 */
export function metricFromName(identifier: string | Serialized | Metric): Metric {
  if (typeof identifier === 'object' && identifier !== null && 'update' in identifier) return identifier;
  const { entry, className, config } = fromRegistry('metricFromName', 'metric', METRICS, identifier,
    'accuracy (acc), binaryAccuracy, categoricalAccuracy, sparseCategoricalAccuracy, precision, recall, f1, auc');
  return entry.make(readConfig(className, config, entry.keys));
}
