import type { Tensor } from '../../tensor/tensor.js';

/** Numbers logged per batch or epoch: `loss`, metric names, and `val_`-prefixed validation values. */
export type Logs = Record<string, number>;

/** What `fit` tells callbacks about the run before it starts. */
export interface TrainingParams {
  epochs: number;
  initialEpoch: number;
  /** Batches per epoch. */
  steps: number;
  samples: number;
  batchSize: number;
  /** Names of the values that will appear in epoch logs. */
  metrics: string[];
}

/** What callbacks may do to the model being trained. */
export interface TrainingModel {
  /** Set to true to end `fit` after the current epoch. */
  stopTraining: boolean;
  getWeights(): Tensor[];
  setWeights(weights: readonly Tensor[]): void;
  /** The compiled optimizer's learning rate, when it is a plain number (settable). */
  learningRate: number | undefined;
  save(path: string): Promise<void>;
}

/**
 * Hooks called by `fit`, in the order Keras calls them. Any object with some of these methods is
 * a callback; they may be async (fit awaits them).
 */
export interface Callback {
  setModel?(model: TrainingModel): void;
  setParams?(params: TrainingParams): void;
  onTrainBegin?(logs: Logs): void | Promise<void>;
  onTrainEnd?(logs: Logs): void | Promise<void>;
  onEpochBegin?(epoch: number, logs: Logs): void | Promise<void>;
  onEpochEnd?(epoch: number, logs: Logs): void | Promise<void>;
  onBatchBegin?(batch: number, logs: Logs): void | Promise<void>;
  onBatchEnd?(batch: number, logs: Logs): void | Promise<void>;
}

/** Calls one hook on every callback in order, awaiting each. */
export class CallbackList {
  constructor(private readonly callbacks: readonly Callback[]) {}

  setup(model: TrainingModel, params: TrainingParams): void {
    for (const c of this.callbacks) {
      c.setModel?.(model);
      c.setParams?.(params);
    }
  }

  async trainBegin(logs: Logs): Promise<void> {
    for (const c of this.callbacks) await c.onTrainBegin?.(logs);
  }

  async trainEnd(logs: Logs): Promise<void> {
    for (const c of this.callbacks) await c.onTrainEnd?.(logs);
  }

  async epochBegin(epoch: number, logs: Logs): Promise<void> {
    for (const c of this.callbacks) await c.onEpochBegin?.(epoch, logs);
  }

  async epochEnd(epoch: number, logs: Logs): Promise<void> {
    for (const c of this.callbacks) await c.onEpochEnd?.(epoch, logs);
  }

  async batchBegin(batch: number, logs: Logs): Promise<void> {
    for (const c of this.callbacks) await c.onBatchBegin?.(batch, logs);
  }

  async batchEnd(batch: number, logs: Logs): Promise<void> {
    for (const c of this.callbacks) await c.onBatchEnd?.(batch, logs);
  }
}
