import { ArgumentError } from '../../errors.js';
import type { Tensor } from '../../tensor/tensor.js';
import type { Callback, Logs, TrainingModel } from './callback.js';
import { Monitor } from './monitor.js';
import type { MonitorMode } from './monitor.js';

export interface EarlyStoppingArgs {
  monitor?: string;
  minDelta?: number;
  /** Epochs without improvement before stopping. */
  patience?: number;
  mode?: MonitorMode;
  /** Put back the weights of the best epoch when stopping (or at the end of training). */
  restoreBestWeights?: boolean;
}

/** Stops training when the monitored value has not improved for `patience` epochs (Keras semantics). */
export class EarlyStopping implements Callback {
  private readonly monitor: Monitor;
  private readonly patience: number;
  private readonly restoreBestWeights: boolean;
  private model: TrainingModel | undefined;
  private wait = 0;
  private bestWeights: Tensor[] | undefined;
  /** The epoch after which training stopped, or undefined if it ran to the end. */
  stoppedEpoch: number | undefined;

  constructor(args: EarlyStoppingArgs = {}) {
    this.patience = args.patience ?? 0;
    if (!Number.isInteger(this.patience) || this.patience < 0) {
      throw new ArgumentError(`EarlyStopping: patience must be an integer >= 0, found ${args.patience}`);
    }
    this.monitor = new Monitor('EarlyStopping', args.monitor ?? 'val_loss', args.mode ?? 'auto', args.minDelta ?? 0);
    this.restoreBestWeights = args.restoreBestWeights ?? false;
  }

  setModel(model: TrainingModel): void {
    this.model = model;
  }

  onTrainBegin(): void {
    this.wait = 0;
    this.stoppedEpoch = undefined;
    this.bestWeights = undefined;
    this.monitor.reset();
  }

  onEpochEnd(epoch: number, logs: Logs): void {
    if (this.monitor.improves(this.monitor.read(logs))) {
      this.wait = 0;
      if (this.restoreBestWeights) this.bestWeights = this.model!.getWeights();
      return;
    }
    this.wait++;
    if (this.wait >= this.patience) {
      this.stoppedEpoch = epoch;
      this.model!.stopTraining = true;
      if (this.bestWeights !== undefined) this.model!.setWeights(this.bestWeights);
    }
  }
}
