import { appendFileSync, writeFileSync } from 'node:fs';
import type { Callback, Logs } from './callback.js';

/**
 * Appends one line per epoch to a file as training runs, so a crashed run still leaves its log:
 * CSV (`format: 'csv'`, header from the first epoch's keys, as Keras' CSVLogger) or JSON lines.
 */
export class LogFile implements Callback {
  private keys: string[] | undefined;

  constructor(private readonly path: string, private readonly format: 'csv' | 'jsonl' = 'csv') {}

  onTrainBegin(): void {
    writeFileSync(this.path, '');
    this.keys = undefined;
  }

  onEpochEnd(epoch: number, logs: Logs): void {
    if (this.format === 'jsonl') {
      appendFileSync(this.path, `${JSON.stringify({ epoch, ...logs })}\n`);
      return;
    }
    if (this.keys === undefined) {
      this.keys = Object.keys(logs).sort();
      appendFileSync(this.path, `epoch,${this.keys.join(',')}\n`);
    }
    appendFileSync(this.path, `${epoch},${this.keys.map((k) => logs[k] ?? '').join(',')}\n`);
  }
}

export const csvLogger = (path: string): LogFile => new LogFile(path, 'csv');
export const jsonLinesLogger = (path: string): LogFile => new LogFile(path, 'jsonl');
