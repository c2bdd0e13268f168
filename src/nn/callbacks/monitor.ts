import { ArgumentError } from '../../errors.js';
import type { Logs } from './callback.js';

export type MonitorMode = 'auto' | 'min' | 'max';

/**
 * The "did the monitored value improve?" logic EarlyStopping, ModelCheckpoint and
 * ReduceLROnPlateau share. `auto` maximises accuracy-like names and minimises the rest, as Keras does.
 */
export class Monitor {
  best: number;
  private readonly sign: 1 | -1;

  constructor(readonly owner: string, readonly key: string, mode: MonitorMode, private readonly minDelta = 0) {
    if (!['auto', 'min', 'max'].includes(mode)) {
      throw new ArgumentError(`${owner}: mode must be 'auto', 'min' or 'max', found ${JSON.stringify(mode)}`);
    }
    if (!(minDelta >= 0)) throw new ArgumentError(`${owner}: minDelta must be >= 0, found ${minDelta}`);
    const maximise = mode === 'max' || (mode === 'auto' && /acc|auc|precision|recall|f1/.test(key));
    this.sign = maximise ? 1 : -1;
    this.best = -this.sign * Infinity;
  }

  /** The monitored value in `logs`; a missing one is an error naming what is there. */
  read(logs: Logs): number {
    const value = logs[this.key];
    if (value === undefined) {
      throw new ArgumentError(`${this.owner}: monitored value '${this.key}' is not in the logs; available: ${Object.keys(logs).join(', ')}`);
    }
    return value;
  }

  /** True (and remembers it) when `value` beats the best so far by more than minDelta. */
  improves(value: number): boolean {
    if (this.sign * (value - this.best) > this.minDelta) {
      this.best = value;
      return true;
    }
    return false;
  }

  reset(): void {
    this.best = -this.sign * Infinity;
  }
}
