import type { ReplicaLoad } from '../balancer/balancer.js';

/** Weight of the newest sample in the moving averages: about the last five batches count. */
const ALPHA = 0.3;

const ewma = (avg: number, sample: number): number => (avg === 0 ? sample : avg + ALPHA * (sample - avg));

/** A replica's load as the balancers see it, kept up to date as its batches go and come back. */
export class ReplicaStats implements ReplicaLoad {
  inFlight = 0;
  latencyMs = 0;
  rowsPerSecond = 0;
  private lastAnswerAt = 0;

  constructor(readonly slot: number) {}

  sent(): void {
    this.inFlight++;
  }

  /** A batch of `rows` sent at `sentAt` came back now. */
  answered(sentAt: number, rows: number, now = performance.now()): void {
    this.inFlight--;
    this.latencyMs = ewma(this.latencyMs, now - sentAt);
    // Batches queue inside a replica: its compute time for this one began when it was sent or
    // when the one before came back, whichever was later.
    const busyMs = now - Math.max(sentAt, this.lastAnswerAt);
    if (busyMs > 0) this.rowsPerSecond = ewma(this.rowsPerSecond, (rows * 1000) / busyMs);
    this.lastAnswerAt = now;
  }

  /** A batch that will not come back (the replica failed it or died). */
  dropped(): void {
    this.inFlight--;
  }
}
