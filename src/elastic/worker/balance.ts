/**
 * How the global batch is shared out: so that every member's slice takes equally long to compute.
 * After each step, a member that took longer than the members' mean gets a smaller weight and one
 * that was quicker a larger one, by the square root of the ratio (damped, so one noisy step moves
 * the split a little). When a slice's time is proportional to its rows, this settles on weights
 * in proportion to each member's throughput (rows per second); unlike weighting by the measured
 * rows per second directly, it also settles when a step has a fixed cost besides its rows (small
 * models: there rows per second grows with the rows given, and the split would drift).
 *
 * Every member updates its copy from the same allreduced times with IEEE-exact arithmetic (+, *,
 * /, sqrt), so every member computes the same weights and the same split.
 */
export class Balance {
  private readonly shares: number[];

  constructor(members: number) {
    this.shares = new Array<number>(members).fill(1);
  }

  /** The weight of each rank; none below a tenth of the largest, so each keeps a slice to be measured on. */
  weights(): number[] {
    return [...this.shares];
  }

  /** Takes in the seconds each rank took for its slice in one step (0 = no rows, not measured). */
  update(seconds: ArrayLike<number>): void {
    const measured = this.shares.map((_, r) => r).filter((r) => seconds[r]! > 0 && Number.isFinite(seconds[r]!));
    if (measured.length < 2) return;
    const mean = measured.reduce((sum, r) => sum + seconds[r]!, 0) / measured.length;
    const before = measured.reduce((sum, r) => sum + this.shares[r]!, 0);
    for (const r of measured) this.shares[r]! *= Math.sqrt(mean / seconds[r]!);
    // The measured members keep their total, so the unmeasured keep their place beside them.
    const after = measured.reduce((sum, r) => sum + this.shares[r]!, 0);
    for (const r of measured) this.shares[r] = (this.shares[r]! * before) / after;
    const floor = Math.max(...this.shares) / 10;
    for (let r = 0; r < this.shares.length; r++) this.shares[r] = Math.max(this.shares[r]!, floor);
  }
}
