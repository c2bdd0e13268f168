/** What the autoscaler learns of the load over one interval. */
export interface LoadSample {
  /** Requests that arrived, per second. */
  arrivalRate: number;
  /** Requests queued or running, averaged over the interval's time. */
  meanInFlight: number;
  /** Mean latency (s) of the requests answered in the interval; 0 when none were. */
  meanLatencySeconds: number;
  /** Length of the interval, ms. */
  intervalMs: number;
}

/**
 * Counts requests in and out and integrates the number in flight over time, so each interval's
 * sample is an average rather than one instant's value.
 */
export class LoadMeter {
  private inFlight = 0;
  private arrivals = 0;
  private completions = 0;
  private latencySum = 0;
  private area = 0;
  private lastChange: number;
  private intervalStart: number;

  constructor(private readonly now: () => number = () => performance.now()) {
    this.lastChange = this.intervalStart = now();
  }

  private advance(): void {
    const t = this.now();
    this.area += this.inFlight * (t - this.lastChange);
    this.lastChange = t;
  }

  arrived(): void {
    this.advance();
    this.inFlight++;
    this.arrivals++;
  }

  answered(latencySeconds: number): void {
    this.advance();
    this.inFlight--;
    this.completions++;
    this.latencySum += latencySeconds;
  }

  /** The sample since the last call, and a new interval begins. */
  sample(): LoadSample {
    this.advance();
    const intervalMs = Math.max(1e-9, this.lastChange - this.intervalStart);
    const s: LoadSample = {
      arrivalRate: (this.arrivals * 1000) / intervalMs,
      meanInFlight: this.area / intervalMs,
      meanLatencySeconds: this.completions === 0 ? 0 : this.latencySum / this.completions,
      intervalMs,
    };
    this.arrivals = this.completions = this.latencySum = this.area = 0;
    this.intervalStart = this.lastChange;
    return s;
  }
}
