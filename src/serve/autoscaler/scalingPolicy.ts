import type { LoadSample } from './loadMeter.js';

/** An autoscaling policy: from each interval's load, the replicas wanted now. */
export interface ScalingPolicy {
  readonly name: AutoscalePolicy;
  /** `replicas` is what the pool keeps now; the answer is clamped to min/max by the autoscaler. */
  desired(sample: LoadSample, replicas: number, now: number): number;
}

export const AUTOSCALE_POLICIES = ['rule', 'predictive'] as const;
export type AutoscalePolicy = (typeof AUTOSCALE_POLICIES)[number];

export interface ScalingTimes {
  /** Requests in flight per replica the policy aims at. */
  targetInFlight: number;
  /** Overload must last this long before replicas are added. */
  upAfterMs: number;
  /** Quiet must last this long before a replica is removed (one at a time). */
  downAfterMs: number;
}
