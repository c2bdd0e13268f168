import { ArgumentError, describe } from '../errors.js';
import type { Rendering } from '../errors.js';
import { canonicalName } from './caseConversion.js';

/** An object as Keras and TF.js serialize it: its class name and its constructor options. */
export interface Serialized {
  className: string;
  config: Record<string, unknown>;
}

/** An object that a config can name and rebuild: its Keras class name and its own arguments. */
export interface Serializable {
  readonly className: string;
  getConfig(): Record<string, unknown>;
}

export function serialize(object: Serializable): Serialized {
  return { className: object.className, config: object.getConfig() };
}

/**
 * Reads an identifier that names a class: a name (with an empty config), or `{className,
 * config}` (`{class_name, config}` as Python writes it; an absent or null config is empty).
 * Anything else is an ArgumentError from `owner`, showing what was found in `rendering`.
 */
export function readIdentifier(owner: string, identifier: unknown, rendering?: Rendering): Serialized {
  if (typeof identifier === 'string') return { className: identifier, config: {} };
  if (identifier !== null && typeof identifier === 'object' && !Array.isArray(identifier)) {
    const record = identifier as Record<string, unknown>;
    const className = record['className'] ?? record['class_name'];
    const config = record['config'] ?? {};
    if (typeof className === 'string' && config !== null && typeof config === 'object' && !Array.isArray(config)) {
      return { className, config: config as Record<string, unknown> };
    }
  }
  throw new ArgumentError(`${owner}: expected a name or {className, config}, found ${describe(identifier, rendering)}`);
}

/**
 * The classes of one kind (initializers, regularizers) by name. An identifier is an instance
 * (returned as it is) or what `readIdentifier` reads, its name in any of the Keras/TF.js
 * spellings (`canonicalName`).
 */
export class ClassRegistry<T> {
  private readonly factories = new Map<string, (config: Record<string, unknown>) => T>();
  private readonly classNames: string[] = [];

  constructor(
    private readonly fn: string,
    private readonly isInstance: (x: unknown) => x is T,
  ) {}

  /** Registers a class under its Keras class name and any further names (aliases). */
  register(className: string, factory: (config: Record<string, unknown>) => T, aliases: readonly string[] = []): void {
    this.classNames.push(className);
    for (const name of [className, ...aliases]) this.factories.set(canonicalName(name), factory);
  }

  fromIdentifier(identifier: unknown): T {
    if (this.isInstance(identifier)) return identifier;
    const { className, config } = readIdentifier(this.fn, identifier, 'literal');
    const factory = this.factories.get(canonicalName(className));
    if (factory === undefined) {
      throw new ArgumentError(`${this.fn}: unknown name '${className}'; known: ${this.classNames.join(', ')}`);
    }
    return factory(config);
  }
}
