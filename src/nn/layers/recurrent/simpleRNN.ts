import type { RecurrentActivation, RecurrentCell } from '../../../backend/backend.js';
import { registerLayer } from '../registry.js';
import { Recurrent } from './recurrent.js';
import type { RecurrentArgs } from './recurrent.js';

export type SimpleRNNArgs = RecurrentArgs;

/** Keras' SimpleRNN: h' = activation(x W + b + h R). */
export class SimpleRNN extends Recurrent {
  readonly className = 'SimpleRNN';

  protected get cell(): RecurrentCell {
    return 'simpleRNN';
  }

  /** SimpleRNN has no gates; the kernel ignores this. */
  protected get gateActivation(): RecurrentActivation {
    return 'sigmoid';
  }
}

registerLayer('SimpleRNN', (config) => new SimpleRNN(config as unknown as SimpleRNNArgs));
