import type { Balancer, ReplicaLoad } from './balancer.js';

/**
 * The replica expected to answer first: moving-average latency x (in-flight + 1), the time the
 * batches already waiting there plus this one would take. A replica not measured yet counts with
 * the mean latency of those that are (so a new replica gets its share, not every batch until its
 * first answer); with nothing measured this is least-in-flight. Ties go to the fewer in flight,
 * then the lower slot.
 */
export class LeastResponseTimeBalancer implements Balancer {
  readonly policy = 'least-response-time';

  pick<R extends ReplicaLoad>(candidates: readonly R[]): R {
    const measured = candidates.filter((r) => r.latencyMs > 0);
    const mean = measured.length === 0 ? 1 : measured.reduce((s, r) => s + r.latencyMs, 0) / measured.length;
    const score = (r: ReplicaLoad): number => (r.latencyMs > 0 ? r.latencyMs : mean) * (r.inFlight + 1);
    return candidates.reduce((best, r) => {
      const d = score(r) - score(best);
      if (d !== 0) return d < 0 ? r : best;
      if (r.inFlight !== best.inFlight) return r.inFlight < best.inFlight ? r : best;
      return r.slot < best.slot ? r : best;
    });
  }
}
