import type { RecurrentCell } from '../../../backend/backend.js';
import { concat } from '../../../tensor/ops/layout.js';
import { ones } from '../../../tensor/ops/creation.js';
import { checkBoolean } from '../../checks.js';
import type { LayerConfig, WeightInitializer } from '../layer.js';
import { registerLayer } from '../registry.js';
import { Gated } from './recurrent.js';
import type { GatedArgs } from './recurrent.js';

export interface LSTMArgs extends GatedArgs {
  /** Start the forget gate's bias at 1 instead of the bias initializer's value (Keras default true; TF.js false). */
  unitForgetBias?: boolean | null;
}

/**
 * Keras' LSTM (Hochreiter & Schmidhuber 1997), gates in Keras' i, f, c, o order along the
 * kernels' columns: i, f, o = σ(·), g = tanh(·), c' = f c + i g, h' = o tanh(c'). States h, c.
 */
export class LSTM extends Gated {
  readonly className = 'LSTM';
  readonly unitForgetBias: boolean;

  constructor(args: LSTMArgs) {
    super(args);
    this.unitForgetBias = checkBoolean(this.name, 'unitForgetBias', args.unitForgetBias ?? true, 'literal');
  }

  protected get cell(): RecurrentCell {
    return 'lstm';
  }

  protected override biasInitial(): WeightInitializer {
    if (!this.unitForgetBias) return this.biasInitializer;
    const init = this.biasInitializer;
    const u = this.units;
    return { apply: (_, dtype) => concat([init.apply([u], dtype), ones([u], dtype), init.apply([2 * u], dtype)]) };
  }

  override getConfig(): LayerConfig {
    return { ...super.getConfig(), unitForgetBias: this.unitForgetBias };
  }
}

registerLayer('LSTM', (config) => new LSTM(config as unknown as LSTMArgs));
