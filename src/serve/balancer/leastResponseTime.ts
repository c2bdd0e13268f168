import type { Balancer, ReplicaLoad } from './balancer.js';

/**
 * The replica expected to answer first: moving-average latency x (in-flight + 1), the time the
 * batches already waiting there plus this one would take. A replica not measured yet scores 0
 * and gets the next batch, which measures it. Ties go to the fewer in flight, then the lower slot.
 */
export class LeastResponseTimeBalancer implements Balancer {
  readonly policy = 'least-response-time';

  pick<R extends ReplicaLoad>(candidates: readonly R[]): R {
    const score = (r: ReplicaLoad): number => r.latencyMs * (r.inFlight + 1);
    return candidates.reduce((best, r) => {
      const d = score(r) - score(best);
      if (d !== 0) return d < 0 ? r : best;
      if (r.inFlight !== best.inFlight) return r.inFlight < best.inFlight ? r : best;
      return r.slot < best.slot ? r : best;
    });
  }
}
