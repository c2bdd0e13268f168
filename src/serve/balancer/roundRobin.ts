import type { Balancer, ReplicaLoad } from './balancer.js';

/** Each replica in turn, by slot order, whatever its load. */
export class RoundRobinBalancer implements Balancer {
  readonly policy = 'round-robin';
  private lastSlot = -1;

  pick<R extends ReplicaLoad>(candidates: readonly R[]): R {
    // The next slot after the last one picked, so replicas joining or leaving do not reset the turn.
    const sorted = [...candidates].sort((a, b) => a.slot - b.slot);
    const next = sorted.find((r) => r.slot > this.lastSlot) ?? sorted[0]!;
    this.lastSlot = next.slot;
    return next;
  }
}
