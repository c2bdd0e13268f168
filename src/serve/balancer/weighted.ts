import type { Balancer, ReplicaLoad } from './balancer.js';

/**
 * Smooth weighted round-robin (as nginx does it): every pick, each replica's credit grows by its
 * weight, the replica with the most credit is picked and pays back the total. Over any run of
 * picks each replica's share is its weight's share, spread out rather than in bursts.
 *
 * Weights come from `weights[slot]` when given (`--weights 3,1`); a slot without one is weighted
 * by its measured capacity (rows per second while busy), and before anything is measured all
 * replicas weigh the same.
 */
export class WeightedBalancer implements Balancer {
  readonly policy = 'weighted';
  private readonly credit = new Map<number, number>();

  constructor(private readonly weights: readonly number[] = []) {}

  private weightOf(r: ReplicaLoad, measuredMean: number): number {
    return this.weights[r.slot] ?? (r.rowsPerSecond > 0 ? r.rowsPerSecond : measuredMean);
  }

  pick<R extends ReplicaLoad>(candidates: readonly R[]): R {
    const measured = candidates.filter((r) => r.rowsPerSecond > 0);
    const mean = measured.length === 0 ? 1 : measured.reduce((s, r) => s + r.rowsPerSecond, 0) / measured.length;
    let total = 0;
    let best: R | undefined;
    let bestCredit = -Infinity;
    for (const r of candidates) {
      const w = Math.max(0, this.weightOf(r, mean));
      const c = (this.credit.get(r.slot) ?? 0) + w;
      this.credit.set(r.slot, c);
      total += w;
      if (c > bestCredit) {
        bestCredit = c;
        best = r;
      }
    }
    this.credit.set(best!.slot, bestCredit - total);
    return best!;
  }
}
