/**
 * How long a member waits in a step's allreduce for the others before it gives the step up, so
 * that a straggler (a hung or lost host, a process stopped, a worker suddenly far slower) costs a
 * regroup instead of a stalled job. Fixed when configured; by default `FACTOR` times the slowest of
 * the last `WINDOW` steps this member applied, never under `FLOOR_MS`; before `MIN_STEPS` are
 * measured, none (the group's own timeout, which also covers connecting and state transfer).
 */
export class StepDeadline {
  static readonly FLOOR_MS = 1000;
  static readonly FACTOR = 4;
  static readonly WINDOW = 20;
  static readonly MIN_STEPS = 5;
  private readonly recent: number[] = [];

  constructor(private readonly fixedMs?: number) {}

  /** The deadline for the next step's allreduce, in ms; undefined: the group's timeout. */
  ms(): number | undefined {
    if (this.fixedMs !== undefined) return this.fixedMs;
    if (this.recent.length < StepDeadline.MIN_STEPS) return undefined;
    return Math.max(StepDeadline.FLOOR_MS, StepDeadline.FACTOR * Math.max(...this.recent));
  }

  /** Takes in the time a step took, from the start of its computation to its sum applied. */
  record(stepMs: number): void {
    this.recent.push(stepMs);
    if (this.recent.length > StepDeadline.WINDOW) this.recent.shift();
  }
}
