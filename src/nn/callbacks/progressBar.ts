import cliProgress from 'cli-progress';
import type { Callback, Logs, TrainingParams } from './callback.js';

/** Formats logs as `loss 0.1234 accuracy 0.9812`. */
export function formatLogs(logs: Logs): string {
  return Object.entries(logs).map(([k, v]) => `${k} ${Number.isInteger(v) ? v : v.toFixed(4)}`).join('  ');
}

/**
 * The terminal progress display of `fit`: per epoch a bar with ETA, samples/s and the running
 * loss and metrics (cli-progress), then a summary line. Off a terminal, only the summary lines.
 */
export class ProgressBar implements Callback {
  private params: TrainingParams | undefined;
  private bar: cliProgress.SingleBar | undefined;
  private epochStart = 0;

  /** `status`: more to show on the bar (elastic training: generation, workers, step time). */
  constructor(private readonly stream: NodeJS.WriteStream = process.stderr, private readonly status?: () => string) {}

  setParams(params: TrainingParams): void {
    this.params = params;
  }

  onEpochBegin(epoch: number): void {
    const p = this.params!;
    this.epochStart = performance.now();
    if (this.stream.isTTY !== true) return;
    this.bar = new cliProgress.SingleBar({
      stream: this.stream,
      format: `epoch ${epoch + 1}/${p.epochs} [{bar}] {value}/{total} | ETA {eta_formatted} | {rate} samples/s | {logs}${this.status === undefined ? '' : ' | {status}'}`,
      hideCursor: true,
      clearOnComplete: true,
      etaBuffer: 20,
    }, cliProgress.Presets.shades_classic);
    this.bar.start(p.steps, 0, { rate: '-', logs: '', status: this.status?.() ?? '' });
  }

  onBatchEnd(batch: number, logs: Logs): void {
    if (this.bar === undefined) return;
    const seconds = (performance.now() - this.epochStart) / 1000;
    const samples = Math.min((batch + 1) * this.params!.batchSize, this.params!.samples);
    const { batch: _b, size: _s, ...running } = logs;
    this.bar.update(batch + 1, { rate: Math.round(samples / seconds), logs: formatLogs(running), status: this.status?.() ?? '' });
  }

  onEpochEnd(epoch: number, logs: Logs): void {
    this.bar?.stop();
    this.bar = undefined;
    const seconds = (performance.now() - this.epochStart) / 1000;
    const rate = Math.round(this.params!.samples / seconds);
    this.stream.write(`epoch ${epoch + 1}/${this.params!.epochs}  ${seconds.toFixed(1)}s  ${rate} samples/s  ${formatLogs(logs)}\n`);
  }
}
