import { ArgumentError } from '../../errors.js';
import type { Callback, Logs, TrainingModel } from './callback.js';
import { Monitor } from './monitor.js';
import type { MonitorMode } from './monitor.js';

export interface ReduceLROnPlateauArgs {
  monitor?: string;
  /** New rate = rate * factor (0 < factor < 1). */
  factor?: number;
  patience?: number;
  minDelta?: number;
  mode?: MonitorMode;
  /** Epochs to wait after a reduction before counting again. */
  cooldown?: number;
  minLr?: number;
}

/** Multiplies the learning rate by `factor` when the monitored value stalls for `patience` epochs. */
export class ReduceLROnPlateau implements Callback {
  private readonly monitor: Monitor;
  private readonly factor: number;
  private readonly patience: number;
  private readonly cooldown: number;
  private readonly minLr: number;
  private model: TrainingModel | undefined;
  private wait = 0;
  private cooldownLeft = 0;

  constructor(args: ReduceLROnPlateauArgs = {}) {
    this.factor = args.factor ?? 0.1;
    this.patience = args.patience ?? 10;
    this.cooldown = args.cooldown ?? 0;
    this.minLr = args.minLr ?? 0;
    if (!(this.factor > 0 && this.factor < 1)) throw new ArgumentError(`ReduceLROnPlateau: factor must be in (0, 1), found ${args.factor}`);
    for (const [key, v] of Object.entries({ patience: this.patience, cooldown: this.cooldown })) {
      if (!Number.isInteger(v) || v < 0) throw new ArgumentError(`ReduceLROnPlateau: ${key} must be an integer >= 0, found ${v}`);
    }
    if (!(this.minLr >= 0)) throw new ArgumentError(`ReduceLROnPlateau: minLr must be >= 0, found ${args.minLr}`);
    this.monitor = new Monitor('ReduceLROnPlateau', args.monitor ?? 'val_loss', args.mode ?? 'auto', args.minDelta ?? 1e-4);
  }

  setModel(model: TrainingModel): void {
    this.model = model;
  }

  onTrainBegin(): void {
    if (this.model!.learningRate === undefined) {
      throw new ArgumentError('ReduceLROnPlateau: the optimizer\'s learning rate is a schedule; use a constant learning rate with this callback');
    }
    this.wait = 0;
    this.cooldownLeft = 0;
    this.monitor.reset();
  }

  onEpochEnd(_epoch: number, logs: Logs): void {
    const value = this.monitor.read(logs);
    if (this.cooldownLeft > 0) this.cooldownLeft--;
    if (this.monitor.improves(value)) {
      this.wait = 0;
    } else if (this.cooldownLeft === 0 && ++this.wait >= this.patience) {
      const model = this.model!;
      const current = model.learningRate!;
      if (current > this.minLr) {
        model.learningRate = Math.max(current * this.factor, this.minLr);
        this.cooldownLeft = this.cooldown;
        this.wait = 0;
      }
    }
    logs['lr'] = this.model!.learningRate!;
  }
}
