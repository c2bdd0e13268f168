import { ArgumentError } from '../../errors.js';
import { lossFromName } from '../losses/index.js';
import type { Loss } from '../losses/index.js';
import { metricFromName } from '../metrics/index.js';
import type { Metric } from '../metrics/index.js';
import { optimizerFromName } from '../optimizers/index.js';
import type { Optimizer } from '../optimizers/index.js';

export interface CompileArgs {
  optimizer: string | Optimizer;
  loss: string | Loss;
  metrics?: (string | Metric)[];
}

/** What `compile` resolved: objects only, names looked up once. */
export interface Compiled {
  optimizer: Optimizer;
  loss: Loss;
  /** Streaming metrics, reset at each epoch; validation reuses them after the epoch's training. */
  metrics: Metric[];
}

export function resolveCompileArgs(args: CompileArgs): Compiled {
  if (args === null || typeof args !== 'object') throw new ArgumentError('compile: expected {optimizer, loss, metrics?}');
  if (args.optimizer === undefined) throw new ArgumentError('compile: optimizer is required (e.g. \'adam\')');
  if (args.loss === undefined) throw new ArgumentError('compile: loss is required (e.g. \'sparseCategoricalCrossentropy\')');
  const optimizer = typeof args.optimizer === 'string' ? optimizerFromName(args.optimizer) : args.optimizer;
  const loss = typeof args.loss === 'string' ? lossFromName(args.loss) : args.loss;
  const specs = args.metrics ?? [];
  if (!Array.isArray(specs)) throw new ArgumentError('compile: metrics must be an array');
  const metrics = specs.map((m) => (typeof m === 'string' ? metricFromName(m) : m));
  return { optimizer, loss, metrics };
}
