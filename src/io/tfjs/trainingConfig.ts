/**
 * model.json's `trainingConfig`: what `compile` was given, as TF.js writes it (`loss` and
 * `metrics` as snake_case names, `optimizer_config` as the optimizer's class and config), so a
 * loaded model can be trained on or evaluated at once.
 */
import { lossFromName } from '../../nn/losses/index.js';
import type { Loss } from '../../nn/losses/index.js';
import { metricFromName } from '../../nn/metrics/index.js';
import type { Metric } from '../../nn/metrics/index.js';
import type { Compiled } from '../../nn/model/compileArgs.js';
import { optimizerFromName } from '../../nn/optimizers/index.js';
import type { Optimizer } from '../../nn/optimizers/index.js';
import type { JsonReader } from './jsonReader.js';
import type { JsonObject, JsonValue } from './pythonic.js';
import { fromPythonic, toPythonic, toSnakeCase } from './pythonic.js';

/** Whether `lossFromName(loss.name)` rebuilds `loss` exactly (false for a user's own loss). */
function rebuiltByName(loss: Loss): boolean {
  try {
    return JSON.stringify(lossFromName(loss.name).getConfig()) === JSON.stringify(loss.getConfig());
  } catch {
    return false;
  }
}

/**
 * A loss by name when its name alone rebuilds it (all TF.js can read), else by class and config
 * as Keras writes loss objects, so options such as fromLogits survive the round trip.
 */
function lossIdentifier(loss: Loss): JsonValue {
  return rebuiltByName(loss) ? toSnakeCase(loss.name) : toPythonic(loss.getConfig());
}

export function trainingConfigOf(compiled: Compiled): JsonObject {
  return {
    loss: lossIdentifier(compiled.loss),
    metrics: compiled.metrics.map((m) => toSnakeCase(m.name)),
    // TF.js writes the optimizer's config in camelCase, unconverted; it holds numbers and schedule configs.
    optimizer_config: { class_name: compiled.optimizer.className, config: compiled.optimizer.getConfig() as JsonObject },
  };
}

export interface TrainingSetup {
  optimizer: Optimizer;
  loss: Loss;
  metrics: Metric[];
}

/** The optimizer, loss and metrics a trainingConfig describes (written by Tensile, TF.js or Keras 2). */
export function readTrainingConfig(read: JsonReader, config: JsonObject): TrainingSetup {
  const { loss, metrics, optimizer_config: optimizerConfig } = config;
  const serialized = (field: string, value: unknown): { className: string; config: Record<string, unknown> } => {
    const { className, config: options } = read.object(field, fromPythonic(read.object(field, value)));
    return { className: read.string(`${field}.class_name`, className), config: read.object(`${field}.config`, options ?? {}) };
  };
  const lossSpec = typeof loss === 'string' ? loss : serialized('trainingConfig.loss', loss);
  const metricNames = read.array('trainingConfig.metrics', metrics ?? []).map((m, i) => read.string(`trainingConfig.metrics[${i}]`, m));
  return {
    optimizer: read.within('trainingConfig.optimizer_config', () => optimizerFromName(serialized('trainingConfig.optimizer_config', optimizerConfig))),
    loss: read.within('trainingConfig.loss', () => lossFromName(lossSpec)),
    metrics: metricNames.map((m) => read.within('trainingConfig.metrics', () => metricFromName(m))),
  };
}
