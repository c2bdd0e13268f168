import type { ActivationFunction } from '../activations.js';
import { activationFromName } from '../activations.js';
import { inArg } from '../checks.js';
import { initializerFromConfig } from '../initializers/registry.js';
import type { Initializer } from '../initializers/initializer.js';
import type { InitializerIdentifier } from '../initializers/registry.js';
import type { L1L2 } from '../regularizers/l1l2.js';
import { regularizerFromConfig } from '../regularizers/registry.js';
import type { RegularizerIdentifier } from '../regularizers/registry.js';
import { serialize } from '../serialization.js';
import type { Serialized } from '../serialization.js';

/** Reading and writing the initializer, regularizer and activation arguments of layers. */

export function initializerArg(where: string, key: string, value: InitializerIdentifier | undefined, fallback: InitializerIdentifier): Initializer {
  return inArg(where, key, () => initializerFromConfig(value ?? fallback));
}

/** Absent or null means no regularizer (TF.js writes null). */
export function regularizerArg(where: string, key: string, value: RegularizerIdentifier | null | undefined): L1L2 | undefined {
  return value === undefined || value === null ? undefined : inArg(where, key, () => regularizerFromConfig(value));
}

export function serializeRegularizer(regularizer: L1L2 | undefined): Serialized | null {
  return regularizer === undefined ? null : serialize(regularizer);
}

/** Absent or null means linear, as in Keras. */
export function activationArg(where: string, value: string | null | undefined): ActivationFunction {
  return inArg(where, 'activation', () => activationFromName(value ?? 'linear'));
}
