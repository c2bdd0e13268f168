import type { LoadSample } from './loadMeter.js';
import type { ScalingPolicy, ScalingTimes } from './scalingPolicy.js';
import { Sustained } from './sustained.js';

/**
 * Reactive scaling on ongoing requests, as Ray Serve does: want ceil(mean in-flight / target)
 * replicas; go up once that has held for `upAfterMs`, down one replica per `downAfterMs` of quiet.
 */
export class RuleScaling implements ScalingPolicy {
  readonly name = 'rule';
  private readonly sustained: Sustained;

  constructor(private readonly times: ScalingTimes) {
    this.sustained = new Sustained(times.upAfterMs, times.downAfterMs);
  }

  desired(sample: LoadSample, replicas: number, now: number): number {
    const wanted = Math.max(1, Math.ceil(sample.meanInFlight / this.times.targetInFlight));
    return this.sustained.decide(wanted, replicas, now);
  }
}
