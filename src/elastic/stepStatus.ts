import type { WorkerReport } from './worker/reports.js';

/**
 * The elastic part of a terminal progress line, kept up to date from the workers' reports: the
 * generation, its members, the last step's time and samples per second, and how long the last
 * regroup took (from the end of one generation to the next one ready: the recovery time), e.g.
 * `gen 4 · 3 workers · step 812 · 5.2 ms · 9,846 samples/s · regrouped in 182 ms`.
 */
export class StepStatus {
  private generation: number | undefined;
  private members = 0;
  private step: Extract<WorkerReport, { type: 'step' }> | undefined;
  private recoveryMs: number | undefined;

  report(report: WorkerReport): void {
    if (report.type === 'generation' && report.generation !== this.generation) {
      this.generation = report.generation;
      this.members = report.members;
      // The first generation's wait is the start-up, not a recovery.
      if (report.generation > 1) this.recoveryMs = report.waitedMs;
    }
    if (report.type === 'step' && report.step >= (this.step?.step ?? -1)) this.step = report;
  }

  line(): string {
    if (this.generation === undefined) return 'waiting for a generation';
    const parts = [`gen ${this.generation}`, `${this.members} worker${this.members === 1 ? '' : 's'}`];
    if (this.step !== undefined) parts.push(`step ${this.step.step}`, `${this.step.ms.toFixed(1)} ms`, `${this.step.samplesPerSecond.toLocaleString('en-US')} samples/s`);
    if (this.recoveryMs !== undefined) parts.push(`regrouped in ${Math.round(this.recoveryMs)} ms`);
    return parts.join(' · ');
  }
}
