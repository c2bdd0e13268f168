/**
 * Hysteresis for scaling: a wish to go up (or down) counts only once it has held, without a
 * break, for its delay. Short spikes do not add replicas; short lulls do not remove them.
 */
export class Sustained {
  private upSince: number | undefined;
  private downSince: number | undefined;

  constructor(private readonly upAfterMs: number, private readonly downAfterMs: number) {}

  /** `wanted` replicas against `current`: what to keep now. Down goes one replica per quiet period. */
  decide(wanted: number, current: number, now: number): number {
    if (wanted > current) {
      this.downSince = undefined;
      this.upSince ??= now;
      return now - this.upSince >= this.upAfterMs ? wanted : current;
    }
    this.upSince = undefined;
    if (wanted < current) {
      this.downSince ??= now;
      if (now - this.downSince < this.downAfterMs) return current;
      this.downSince = now;
      return current - 1;
    }
    this.downSince = undefined;
    return current;
  }
}
