import type { LoadMeter } from './loadMeter.js';
import type { ScalingPolicy } from './scalingPolicy.js';

/** The pool as the autoscaler drives it. */
export interface Scalable {
  readonly targetSize: number;
  resize(n: number): void;
}

export interface AutoscalerOptions {
  minReplicas: number;
  maxReplicas: number;
  intervalMs: number;
  onDecision?: (replicas: number, from: number) => void;
}

/** Every interval: the meter's sample to the policy, its answer clamped to [min, max], the pool resized. */
export class Autoscaler {
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly pool: Scalable, private readonly policy: ScalingPolicy, private readonly meter: LoadMeter, private readonly options: AutoscalerOptions) {
    this.timer = setInterval(() => this.tick(performance.now()), options.intervalMs);
    this.timer.unref();
  }

  tick(now: number): void {
    const from = this.pool.targetSize;
    const wanted = this.policy.desired(this.meter.sample(), from, now);
    const to = Math.min(this.options.maxReplicas, Math.max(this.options.minReplicas, wanted));
    if (to !== from) this.pool.resize(to);
    this.options.onDecision?.(to, from);
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
