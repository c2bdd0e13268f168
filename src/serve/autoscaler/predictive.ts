import type { LoadSample } from './loadMeter.js';
import type { ForecasterOptions } from './loadForecaster.js';
import { LoadForecaster } from './loadForecaster.js';
import type { ScalingPolicy, ScalingTimes } from './scalingPolicy.js';
import { Sustained } from './sustained.js';

/**
 * Scales ahead of the load: a LoadForecaster predicts the request rate `horizon` intervals on,
 * and Little's law (in flight = rate x latency) turns it into replicas at the target in-flight.
 * A forecast above the current size scales up at once; the reactive signal (as in RuleScaling)
 * still applies after its delay, and replicas go only when neither the forecast nor the present
 * load needs them for `downAfterMs`. The latency used is the one measured while not overloaded
 * (queueing under overload would inflate it).
 */
export class PredictiveScaling implements ScalingPolicy {
  readonly name = 'predictive';
  private readonly forecaster: LoadForecaster;
  private readonly sustained: Sustained;
  private serviceSeconds = 0;

  constructor(private readonly times: ScalingTimes, forecaster: ForecasterOptions) {
    this.forecaster = new LoadForecaster(forecaster);
    this.sustained = new Sustained(times.upAfterMs, times.downAfterMs);
  }

  desired(sample: LoadSample, replicas: number, now: number): number {
    const { targetInFlight } = this.times;
    if (sample.meanLatencySeconds > 0 && sample.meanInFlight <= targetInFlight * replicas) {
      this.serviceSeconds = this.serviceSeconds === 0 ? sample.meanLatencySeconds : 0.8 * this.serviceSeconds + 0.2 * sample.meanLatencySeconds;
    }
    this.forecaster.observe(sample.arrivalRate);
    const forecast = this.forecaster.forecast();
    const reactive = Math.ceil(sample.meanInFlight / targetInFlight);
    const latency = this.serviceSeconds > 0 ? this.serviceSeconds : sample.meanLatencySeconds;
    const predicted = forecast === undefined ? 0 : Math.ceil((forecast * latency) / targetInFlight);
    const decided = this.sustained.decide(Math.max(1, reactive, predicted), replicas, now);
    return predicted > replicas ? Math.max(predicted, decided) : decided;
  }
}
