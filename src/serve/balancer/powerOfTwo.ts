import type { Random } from '../../tensor/random.js';
import type { Balancer, ReplicaLoad } from './balancer.js';

/**
 * Power of two choices: two distinct replicas drawn at random, the one with fewer batches in
 * flight wins (the first drawn on a tie). Nearly as good as scanning every replica for the least
 * loaded, without herding every request onto the same one.
 */
export class PowerOfTwoBalancer implements Balancer {
  readonly policy = 'power-of-two';

  constructor(private readonly random: Pick<Random, 'next'>) {}

  pick<R extends ReplicaLoad>(candidates: readonly R[]): R {
    if (candidates.length === 1) return candidates[0]!;
    const n = candidates.length;
    const i = Math.min(n - 1, Math.floor(this.random.next() * n));
    let j = Math.min(n - 2, Math.floor(this.random.next() * (n - 1)));
    if (j >= i) j++;
    const a = candidates[i]!;
    const b = candidates[j]!;
    return b.inFlight < a.inFlight ? b : a;
  }
}
