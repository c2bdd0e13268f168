import { noGrad } from '../../autograd/tape.js';
import { glorotUniform } from '../../nn/initializers/index.js';
import { dense } from '../../nn/layers/index.js';
import type { LayersModel } from '../../nn/model/index.js';
import { sequential } from '../../nn/model/index.js';
import { Adam } from '../../nn/optimizers/index.js';
import { tensor } from '../../tensor/ops/creation.js';
import { Random } from '../../tensor/random.js';

export interface ForecasterOptions {
  /** Past intervals the model sees. */
  window: number;
  /** How many intervals ahead it forecasts (about a replica's start-up time). */
  horizon: number;
  /** Intervals of history kept to train on. */
  history: number;
  /** Training steps after each new interval. */
  stepsPerObservation: number;
  /** Pairs drawn from the history for each step: training costs the same however long the history. */
  batchSize: number;
  seed: number;
}

/**
 * A small Tensile MLP (window -> 16 relu -> 1) trained online on the recent request-rate
 * history: after each interval it takes a few Adam steps, each on a random draw of (window, rate
 * `horizon` intervals later) pairs from the history, then forecasts from the latest window. It
 * runs on the server's own thread, so each interval costs a few small steps and no more. Rates are scaled
 * by the history's peak, so the model learns the shape of the load rather than its size.
 */
export class LoadForecaster {
  private readonly rates: number[] = [];
  private readonly model: LayersModel;
  private readonly random: Random;

  constructor(private readonly options: ForecasterOptions) {
    const { window, seed } = options;
    this.random = new Random(seed);
    this.model = sequential([
      dense({ units: 16, activation: 'relu', inputShape: [window], kernelInitializer: glorotUniform({ seed }) }),
      dense({ units: 1, kernelInitializer: glorotUniform({ seed: seed + 1 }) }),
    ]);
    this.model.compile({ optimizer: new Adam({ learningRate: 0.01 }), loss: 'meanSquaredError' });
  }

  private get scale(): number {
    return Math.max(1e-9, ...this.rates);
  }

  /** Records the latest interval's rate (requests/s) and trains on the history. */
  observe(rate: number): void {
    this.rates.push(rate);
    if (this.rates.length > this.options.history) this.rates.shift();
    const { window, horizon } = this.options;
    const pairs = this.rates.length - window - horizon + 1;
    if (pairs < 1) return;
    const s = this.scale;
    const n = Math.min(pairs, this.options.batchSize);
    for (let step = 0; step < this.options.stepsPerObservation; step++) {
      const x = new Float32Array(n * window);
      const y = new Float32Array(n);
      for (let i = 0; i < n; i++) {
        const at = n === pairs ? i : Math.floor(this.random.next() * pairs);
        for (let j = 0; j < window; j++) x[i * window + j] = this.rates[at + j]! / s;
        y[i] = this.rates[at + window + horizon - 1]! / s;
      }
      this.model.trainOnBatch(tensor(x, [n, window]), tensor(y, [n, 1]));
    }
  }

  /** Requests/s expected `horizon` intervals from now; undefined until there is history to learn from. */
  forecast(): number | undefined {
    const { window, horizon } = this.options;
    if (this.rates.length < 2 * window + horizon) return undefined;
    const s = this.scale;
    const last = tensor(this.rates.slice(-window).map((r) => r / s), [1, window]);
    const y = noGrad(() => this.model.predict(last)).dataSync()[0]!;
    return Math.max(0, y * s);
  }
}
