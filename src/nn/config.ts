import { ArgumentError } from '../errors.js';
import { canonicalName } from './caseConversion.js';
import { readIdentifier } from './serialization.js';

// Keys Keras writes into configs that do not change what is computed.
const BOOKKEEPING = new Set(['name', 'dtype', 'reduction', 'jitcompile', 'islegacyoptimizer', 'emamomentum', 'emaoverwritefrequency']);

/**
 * Reads a config written by Tensile, TF.js or Keras into the camelCase keys of `known`. A null
 * value means "unset", as Keras writes it. `neutral` names Keras features Tensile does not
 * implement, with the value that leaves them off (`amsgrad: false`); any other value, and any
 * unknown key, is an ArgumentError rather than a silently different computation.
 */
export function readConfig(owner: string, config: Record<string, unknown>, known: readonly string[], neutral: Record<string, unknown> = {}): Record<string, unknown> {
  const byCanonical = new Map(known.map((k) => [canonicalName(k), k]));
  const neutralValues = new Map(Object.entries(neutral).map(([k, v]) => [canonicalName(k), v]));
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(config)) {
    const canonical = canonicalName(key);
    const target = byCanonical.get(canonical);
    if (value === null || (target === undefined && BOOKKEEPING.has(canonical))) continue;
    if (target !== undefined) {
      out[target] = value;
    } else if (neutralValues.has(canonical)) {
      if (value !== neutralValues.get(canonical)) {
        throw new ArgumentError(`${owner}: ${key} = ${JSON.stringify(value)} is not supported (only ${JSON.stringify(neutralValues.get(canonical))})`);
      }
    } else {
      const expected = known.length === 0 ? 'it takes no options' : `expected some of ${known.join(', ')}`;
      throw new ArgumentError(`${owner}: unknown config key ${JSON.stringify(key)}; ${expected}`);
    }
  }
  return out;
}

/**
 * The entry of `registry` (keyed by canonical names) that `identifier` names (see
 * `readIdentifier`). Returns it with the config to build it from.
 */
export function fromRegistry<E>(owner: string, kind: string, registry: Readonly<Record<string, E>>, identifier: unknown, expected: string): { entry: E; className: string; config: Record<string, unknown> } {
  const { className, config } = readIdentifier(owner, identifier);
  // Own keys only: 'constructor' or 'toString' must be unknown names, not Object.prototype's members.
  const key = canonicalName(className);
  const entry = Object.hasOwn(registry, key) ? registry[key] : undefined;
  if (entry === undefined) throw new ArgumentError(`${owner}: unknown ${kind} ${JSON.stringify(className)}; expected one of ${expected}`);
  return { entry, className, config };
}
