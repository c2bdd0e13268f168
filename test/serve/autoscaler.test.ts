import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Autoscaler } from '../../src/serve/autoscaler/autoscaler.js';
import { LoadForecaster } from '../../src/serve/autoscaler/loadForecaster.js';
import type { LoadSample } from '../../src/serve/autoscaler/loadMeter.js';
import { LoadMeter } from '../../src/serve/autoscaler/loadMeter.js';
import { PredictiveScaling } from '../../src/serve/autoscaler/predictive.js';
import { RuleScaling } from '../../src/serve/autoscaler/rule.js';

const sample = (meanInFlight: number, arrivalRate = 0, meanLatencySeconds = 0.01): LoadSample => ({ arrivalRate, meanInFlight, meanLatencySeconds, intervalMs: 1000 });
const times = { targetInFlight: 4, upAfterMs: 2000, downAfterMs: 5000 };

describe('LoadMeter', () => {
  it('averages in-flight over time and counts arrivals per second', () => {
    let t = 0;
    const m = new LoadMeter(() => t);
    m.arrived(); // one in flight from 0 to 500 ms
    t = 250;
    m.arrived(); // two in flight from 250 to 500 ms
    t = 500;
    m.answered(0.5);
    m.answered(0.25);
    t = 1000;
    const s = m.sample();
    assert.equal(s.arrivalRate, 2);
    assert.equal(s.meanInFlight, (1 * 500 + 1 * 250) / 1000);
    assert.equal(s.meanLatencySeconds, 0.375);
    t = 2000;
    assert.deepEqual(m.sample(), { arrivalRate: 0, meanInFlight: 0, meanLatencySeconds: 0, intervalMs: 1000 });
  });
});

describe('RuleScaling', () => {
  it('scales up to ceil(in-flight / target) only after the overload has lasted upAfterMs', () => {
    const rule = new RuleScaling(times);
    assert.equal(rule.desired(sample(13), 1, 0), 1);
    assert.equal(rule.desired(sample(13), 1, 1000), 1);
    assert.equal(rule.desired(sample(13), 1, 2000), 4);
  });

  it('ignores a spike shorter than upAfterMs', () => {
    const rule = new RuleScaling(times);
    assert.equal(rule.desired(sample(20), 1, 0), 1);
    assert.equal(rule.desired(sample(1), 1, 1000), 1);
    assert.equal(rule.desired(sample(20), 1, 2000), 1);
  });

  it('scales down one replica per downAfterMs of quiet, never below one', () => {
    const rule = new RuleScaling(times);
    assert.equal(rule.desired(sample(0), 3, 0), 3);
    assert.equal(rule.desired(sample(0), 3, 4999), 3);
    assert.equal(rule.desired(sample(0), 3, 5000), 2);
    assert.equal(rule.desired(sample(0), 2, 6000), 2);
    assert.equal(rule.desired(sample(0), 2, 10000), 1);
    assert.equal(rule.desired(sample(0), 1, 20000), 1);
  });
});

/** A periodic request rate: 9 quiet intervals at 20/s, then 3 busy ones at 200/s. */
const periodic = (i: number): number => (i % 12 >= 9 ? 200 : 20);

describe('LoadForecaster', () => {
  it('learns a periodic load online and forecasts the burst before it starts', () => {
    const f = new LoadForecaster({ window: 8, horizon: 2, history: 120, stepsPerObservation: 3, batchSize: 128, seed: 1 });
    const errors: number[] = [];
    for (let i = 0; i < 120; i++) {
      const forecast = f.forecast();
      // The forecast made now is for interval i + 1 (horizon 2 counts the current one).
      if (forecast !== undefined && i >= 84) errors.push(Math.abs(forecast - periodic(i + 1)));
      f.observe(periodic(i));
    }
    const mean = errors.reduce((a, b) => a + b, 0) / errors.length;
    assert.ok(mean < 20, `mean absolute error over the last 36 forecasts: ${mean.toFixed(1)} req/s (rates 20 and 200)`);
  });
});

describe('PredictiveScaling', () => {
  it('scales up ahead of a recurring burst, before any request of it is in flight', () => {
    const policy = new PredictiveScaling(times, { window: 8, horizon: 2, history: 120, stepsPerObservation: 3, batchSize: 128, seed: 1 });
    const service = 0.05; // 50 ms per request: 200 req/s is 10 in flight, 3 replicas at target 4
    let replicas = 1;
    let aheadOfBurst = 0;
    for (let i = 0; i < 120; i++) {
      const rate = periodic(i);
      replicas = policy.desired(sample(rate * service, rate, service), replicas, i * 1000);
      // The last quiet interval before a burst: the next one will be busy.
      if (i >= 84 && i % 12 === 8 && replicas >= 3) aheadOfBurst++;
    }
    assert.equal(aheadOfBurst, 3, `scaled to 3 replicas before ${aheadOfBurst} of the last 3 bursts`);
  });

  it('without history behaves like the rule policy', () => {
    const policy = new PredictiveScaling(times, { window: 8, horizon: 2, history: 240, stepsPerObservation: 1, batchSize: 32, seed: 1 });
    assert.equal(policy.desired(sample(13), 1, 0), 1);
    assert.equal(policy.desired(sample(13), 1, 2000), 4);
  });
});

describe('Autoscaler', () => {
  it('clamps the policy to [min, max] and resizes the pool only on a change', () => {
    const sizes: number[] = [];
    const pool = { targetSize: 2, resize(n: number) { sizes.push(n); this.targetSize = n; } };
    const wants = [10, 10, 0, 3];
    const policy = { name: 'rule' as const, desired: () => wants.shift()! };
    const scaler = new Autoscaler(pool, policy, new LoadMeter(), { minReplicas: 1, maxReplicas: 4, intervalMs: 60_000 });
    for (let i = 0; i < 4; i++) scaler.tick(i);
    scaler.stop();
    assert.deepEqual(sizes, [4, 1, 3]);
  });
});
