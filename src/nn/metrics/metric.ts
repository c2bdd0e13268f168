import type { Tensor } from '../../tensor/tensor.js';

/**
 * A stateful metric: `update` adds a batch, `result` reads the value over every batch since the
 * last `reset`. Metrics read values only; they never record gradients.
 */
export interface Metric {
  readonly name: string;
  update(yTrue: Tensor, yPred: Tensor): void;
  result(): number;
  reset(): void;
}
