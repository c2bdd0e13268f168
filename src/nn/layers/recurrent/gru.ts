import type { RecurrentCell } from '../../../backend/backend.js';
import { checkBoolean } from '../../checks.js';
import type { LayerConfig } from '../layer.js';
import { registerLayer } from '../registry.js';
import { Gated } from './recurrent.js';
import type { GatedArgs } from './recurrent.js';

export interface GRUArgs extends GatedArgs {
  /**
   * Apply the reset gate after the recurrent product, r (h R_h + b_rh), with separate input and
   * recurrent biases (bias `[2, 3 * units]`): Keras 3's default and PyTorch's GRU. false: before
   * it, (r h) R_h, one bias `[3 * units]`: the only form TF.js 4.x builds. Default true, as Keras.
   */
  resetAfter?: boolean;
}

/** Keras' GRU (Cho et al. 2014), gates in Keras' z, r, h order: h' = z h + (1 - z) n. */
export class GRU extends Gated {
  readonly className = 'GRU';
  readonly resetAfter: boolean;

  constructor(args: GRUArgs) {
    super(args);
    this.resetAfter = checkBoolean(this.name, 'resetAfter', args.resetAfter ?? true, 'literal');
  }

  protected get cell(): RecurrentCell {
    return this.resetAfter ? 'gruResetAfter' : 'gru';
  }

  protected override biasShape(): number[] {
    return this.resetAfter ? [2, 3 * this.units] : [3 * this.units];
  }

  override getConfig(): LayerConfig {
    return { ...super.getConfig(), resetAfter: this.resetAfter };
  }
}

registerLayer('GRU', (config) => new GRU(config as unknown as GRUArgs));
