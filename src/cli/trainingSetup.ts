import type { ParseArgsConfig } from 'node:util';
import { parseArgs } from 'node:util';
import type { Compiled } from '../nn/model/compileArgs.js';
import { resolveCompileArgs } from '../nn/model/compileArgs.js';
import type { LayersModel } from '../nn/model/layersModel.js';
import { optimizerFromName } from '../nn/optimizers/index.js';
import { cosineDecay } from '../nn/schedules/index.js';
import type { LearningRateSchedule } from '../nn/schedules/index.js';
import { setSeed } from '../tensor/random.js';
import { numberOption, positiveInteger } from './args.js';
import type { LabeledSplits } from './data.js';
import { loadData } from './data.js';
import { buildModel } from './models.js';
import { UsageError } from './usage.js';

/** The options that say what to train, shared by `train` and `worker`. */
export const TRAINING_OPTIONS = {
  data: { type: 'string' },
  label: { type: 'string' },
  'test-split': { type: 'string' },
  model: { type: 'string' },
  epochs: { type: 'string' },
  'batch-size': { type: 'string' },
  optimizer: { type: 'string' },
  lr: { type: 'string' },
  'lr-schedule': { type: 'string' },
  seed: { type: 'string' },
  out: { type: 'string' },
} as const satisfies NonNullable<ParseArgsConfig['options']>;

type TrainingValues = ReturnType<typeof parseArgs<{ options: typeof TRAINING_OPTIONS; strict: true; allowPositionals: true }>>['values'];

export interface TrainingSetup {
  data: LabeledSplits;
  model: LayersModel;
  compiled: Compiled;
  epochs: number;
  batchSize: number;
  seed: number;
  outDir: string;
}

/**
 * The data and the compiled model the options describe. The seed fixes the split, the initial
 * weights and the shuffling, so every process given the same options starts from the same model.
 */
export function setUpTraining(command: string, values: TrainingValues): TrainingSetup {
  if (values.data === undefined) throw new UsageError(`${command} needs --data (mnist, idx:DIR or csv:FILE)`);
  if (values.model === undefined) throw new UsageError(`${command} needs --model (mlp, cnn, lstm, gru or FILE.json)`);
  const epochs = numberOption('epochs', values.epochs, 10, positiveInteger, 'a positive integer');
  const batchSize = numberOption('batch-size', values['batch-size'], 32, positiveInteger, 'a positive integer');
  const testSplit = numberOption('test-split', values['test-split'], 0.2, (v) => v > 0 && v < 1, 'a fraction in (0, 1)');
  const seed = numberOption('seed', values.seed, 1, Number.isInteger, 'an integer');
  const lr = numberOption('lr', values.lr, 1e-3, (v) => v > 0, 'a positive number');
  const outDir = values.out ?? `models/${values.model.replace(/\.json$/, '').replace(/.*\//, '')}`;
  setSeed(seed);
  const data = loadData(values.data, { ...(values.label === undefined ? {} : { label: values.label }), testSplit, seed });
  const model = buildModel(values.model, data.train.x.shape.slice(1), data.numClasses);
  const schedule = values['lr-schedule'] ?? 'constant';
  if (schedule !== 'constant' && schedule !== 'cosine') throw new UsageError(`--lr-schedule must be constant or cosine, found '${schedule}'`);
  // Cosine decays from --lr to 0 over the whole run, one step per batch.
  const steps = epochs * Math.ceil(data.train.x.shape[0]! / batchSize);
  const learningRate: number | LearningRateSchedule = schedule === 'cosine' ? cosineDecay({ initialLearningRate: lr, decaySteps: steps }) : lr;
  const optimizer = optimizerFromName(values.optimizer ?? 'adam');
  optimizer.learningRate = learningRate;
  const compiled = resolveCompileArgs({
    optimizer,
    loss: 'sparseCategoricalCrossentropy',
    metrics: ['accuracy'],
  });
  model.compile(compiled);
  return { data, model, compiled, epochs, batchSize, seed, outDir };
}
