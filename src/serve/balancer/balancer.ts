/** What a balancer sees of a replica when choosing where a batch goes. */
export interface ReplicaLoad {
  /** The replica's place in the pool: 0, 1, ...; a replacement takes the slot of the replica it replaces. */
  readonly slot: number;
  /** Batches sent to it and not answered yet. */
  readonly inFlight: number;
  /** Moving average of its recent batch latencies in ms; 0 until it has answered once. */
  readonly latencyMs: number;
  /** Moving average of the rows per second it computes while busy; 0 until measured. */
  readonly rowsPerSecond: number;
}

/** A load-balancing policy: picks one of the ready replicas (never called with none). */
export interface Balancer {
  readonly policy: BalancerPolicy;
  pick<R extends ReplicaLoad>(candidates: readonly R[]): R;
}

export const BALANCER_POLICIES = ['round-robin', 'weighted', 'least-response-time', 'power-of-two'] as const;
export type BalancerPolicy = (typeof BALANCER_POLICIES)[number];
