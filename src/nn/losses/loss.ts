import { ShapeError } from '../../errors.js';
import { mean } from '../../tensor/ops/reduction.js';
import { asTensor, requireFloat } from '../../tensor/ops/operands.js';
import type { Tensor } from '../../tensor/tensor.js';
import type { Serialized } from '../serialization.js';

/**
 * A loss: per-sample values the model averages (with sample and class weights) into the
 * training objective. `yTrue` and `yPred` have a leading batch axis; `perSample` returns shape
 * [batch], averaging over any other axes.
 */
export interface Loss {
  /** The TF.js name, e.g. 'sparseCategoricalCrossentropy'. */
  readonly name: string;
  /** Whether yPred holds logits rather than probabilities. */
  readonly fromLogits: boolean;
  perSample(yTrue: Tensor, yPred: Tensor): Tensor;
  getConfig(): Serialized;
}

/** Builds a Loss from its per-element function (batch axis first, any other axes averaged away). */
export function defineLoss(
  name: string,
  className: string,
  config: Record<string, unknown>,
  perElement: (yTrue: Tensor, yPred: Tensor) => Tensor,
): Loss {
  const fromLogits = config.fromLogits === true;
  return {
    name,
    fromLogits,
    perSample(yTrue, yPred) {
      const t = asTensor(name, yTrue, 'yTrue');
      const p = requireFloat(name, asTensor(name, yPred, 'yPred'), 'yPred');
      if (p.rank === 0) throw new ShapeError(`${name}: expected yPred with a leading batch axis, found a scalar`);
      const values = perElement(t, p);
      return values.rank <= 1 ? values : mean(values, values.shape.slice(1).map((_, i) => i + 1));
    },
    getConfig: () => ({ className, config: { ...config } }),
  };
}
