/**
 * How the global batch is shared out: in proportion to each member's measured speed (samples per
 * second over its slice), smoothed over steps. Every member updates its copy from the same
 * allreduced measurements, so every member computes the same weights and the same split.
 */
export class Balance {
  private readonly speeds: number[];

  constructor(members: number) {
    this.speeds = new Array<number>(members).fill(0);
  }

  /**
   * The weight of each rank: equal until measured; a rank is never given less than a tenth of the
   * fastest's weight, so it keeps a slice to be measured on.
   */
  weights(): number[] {
    const fastest = Math.max(...this.speeds);
    if (!(fastest > 0)) return this.speeds.map(() => 1);
    return this.speeds.map((s) => Math.max(s, fastest / 10));
  }

  /** Takes in one step's speeds (0 = not measured: the estimate is kept). */
  update(measured: ArrayLike<number>): void {
    for (let r = 0; r < this.speeds.length; r++) {
      const m = measured[r]!;
      if (!(m > 0) || !Number.isFinite(m)) continue;
      this.speeds[r] = this.speeds[r] === 0 ? m : 0.7 * this.speeds[r]! + 0.3 * m;
    }
  }
}
