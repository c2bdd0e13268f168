import { ClassRegistry } from '../serialization.js';
import type { Serialized } from '../serialization.js';
import { L1L2, l1, l2 } from './l1l2.js';

/** A name ('l1', 'l2', 'l1l2', 'l1_l2', 'L1L2'), a `{className, config}` or an instance. */
export type RegularizerIdentifier = string | Serialized | L1L2;

const registry = new ClassRegistry('regularizerFromConfig', (x): x is L1L2 => x instanceof L1L2);
registry.register('L1L2', (config) => new L1L2(config));
registry.register('L1', (config) => l1(config));
registry.register('L2', (config) => l2(config));

/** The regularizer an identifier names; Keras' `L1` and `L2` classes are read as L1L2. */
export function regularizerFromConfig(identifier: RegularizerIdentifier): L1L2 {
  return registry.fromIdentifier(identifier);
}
