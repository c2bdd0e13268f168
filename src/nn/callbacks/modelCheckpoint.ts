import type { Callback, Logs, TrainingModel } from './callback.js';
import { Monitor } from './monitor.js';
import type { MonitorMode } from './monitor.js';

export interface ModelCheckpointArgs {
  /** Directory to save into; `{epoch}` is replaced by the 1-based epoch number. */
  filepath: string;
  monitor?: string;
  mode?: MonitorMode;
  /** Save only when the monitored value improves (the best model); otherwise save every epoch (the last). */
  saveBestOnly?: boolean;
}

/** Saves the model (TF.js format, atomically) at the end of epochs: the best one or the latest. */
export class ModelCheckpoint implements Callback {
  private readonly monitor: Monitor;
  private model: TrainingModel | undefined;
  /** Paths written so far, in order. */
  readonly saved: string[] = [];

  constructor(private readonly args: ModelCheckpointArgs) {
    this.monitor = new Monitor('ModelCheckpoint', args.monitor ?? 'val_loss', args.mode ?? 'auto');
  }

  setModel(model: TrainingModel): void {
    this.model = model;
  }

  onTrainBegin(): void {
    this.monitor.reset();
  }

  async onEpochEnd(epoch: number, logs: Logs): Promise<void> {
    if (this.args.saveBestOnly === true && !this.monitor.improves(this.monitor.read(logs))) return;
    const path = this.args.filepath.replaceAll('{epoch}', String(epoch + 1));
    await this.model!.save(path);
    this.saved.push(path);
  }
}
