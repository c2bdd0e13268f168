import { ArgumentError } from '../errors.js';
import { found } from './args.js';

/** How Keras and TF.js write an initializer or regularizer inside a layer's config. */
export interface SerializedObject {
  className: string;
  config: Record<string, unknown>;
}

/** An object that a config can name and rebuild: its Keras class name and its own arguments. */
export interface Serializable {
  readonly className: string;
  getConfig(): Record<string, unknown>;
}

export function serialize(object: Serializable): SerializedObject {
  return { className: object.className, config: object.getConfig() };
}

/** 'glorotUniform', 'glorot_uniform' and 'GlorotUniform' are one name. */
function nameKey(name: string): string {
  return name.replace(/_/g, '').toLowerCase();
}

/**
 * The classes of one kind (initializers, regularizers) by name. An identifier is an instance
 * (returned as it is), a name in any of the Keras/TF.js spellings, or `{className, config}`
 * (`{class_name, config}` as Python writes it).
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
    for (const name of [className, ...aliases]) this.factories.set(nameKey(name), factory);
  }

  fromIdentifier(identifier: unknown): T {
    if (this.isInstance(identifier)) return identifier;
    const { className, config } = parseIdentifier(identifier);
    if (className === undefined || config === undefined) {
      throw new ArgumentError(`${this.fn}: expected a name or {className, config}, found ${found(identifier)}`);
    }
    const factory = this.factories.get(nameKey(className));
    if (factory === undefined) {
      throw new ArgumentError(`${this.fn}: unknown name '${className}'; known: ${this.classNames.join(', ')}`);
    }
    return factory(config);
  }
}

function parseIdentifier(identifier: unknown): { className?: string; config?: Record<string, unknown> } {
  if (typeof identifier === 'string') return { className: identifier, config: {} };
  if (identifier === null || typeof identifier !== 'object' || Array.isArray(identifier)) return {};
  const record = identifier as Record<string, unknown>;
  const className = record['className'] ?? record['class_name'];
  const config = record['config'] ?? {};
  if (typeof className !== 'string' || config === null || typeof config !== 'object' || Array.isArray(config)) return {};
  return { className, config: config as Record<string, unknown> };
}
