import type { Callback, Logs, TrainingParams } from './callback.js';

/** What `fit` returns: per-epoch logs, as Keras' History (`history.history.loss[epoch]`). */
export class History implements Callback {
  readonly epoch: number[] = [];
  readonly history: Record<string, number[]> = {};
  params: TrainingParams | undefined;

  setParams(params: TrainingParams): void {
    this.params = params;
  }

  onEpochEnd(epoch: number, logs: Logs): void {
    this.epoch.push(epoch);
    for (const [key, value] of Object.entries(logs)) (this.history[key] ??= []).push(value);
  }
}
