/**
 * Typed errors. Every message starts with the op or function that raised it and names the
 * shapes, dtypes or values involved, so a user can tell what was expected and what was found.
 */
export class TensileError extends Error {
  override name = 'TensileError';
}

/** Shapes that do not fit together, or data whose size does not match its shape. */
export class ShapeError extends TensileError {
  override name = 'ShapeError';
}

/** A dtype an op does not accept, or operands whose dtypes differ. */
export class DTypeError extends TensileError {
  override name = 'DTypeError';
}

/** An argument outside its domain: an axis out of range, a negative size, a non-integer stride. */
export class ArgumentError extends TensileError {
  override name = 'ArgumentError';
}

/** Asking for a gradient that cannot be computed: no graph, non-scalar output without `dy`. */
export class GradientError extends TensileError {
  override name = 'GradientError';
}

/** An unknown backend name, or a backend that failed to load. */
export class BackendError extends TensileError {
  override name = 'BackendError';
}

/** A file, directory or package that cannot be found or read. */
export class IOError extends TensileError {
  override name = 'IOError';
}

/** Data whose content is malformed: a bad header, a size that does not add up, a non-numeric cell, a checksum mismatch. */
export class DataError extends TensileError {
  override name = 'DataError';
}

/** Formats a shape the way messages show it: `[2,3]`. */
export function fmtShape(shape: readonly number[]): string {
  return `[${shape.join(',')}]`;
}

/**
 * How a message shows a value it did not expect, in one of two renderings that messages (and
 * their tests) rely on. `'kind'` (the default) names the type first: `number 5`, `string abc`,
 * `boolean true`, `an array`, `an object (Float64Array)`. `'literal'` writes the value as JSON
 * would, which shows what an array or a config held: `5`, `"abc"`, `[1,3]`, `{"config":{}}`.
 * Both show null, undefined, NaN and the infinities by name.
 */
export type Rendering = 'kind' | 'literal';

export function describe(value: unknown, rendering: Rendering = 'kind'): string {
  if (value === null || value === undefined) return String(value);
  if (rendering === 'literal') {
    return typeof value === 'number' && !Number.isFinite(value) ? String(value) : (JSON.stringify(value) ?? String(value));
  }
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return `an object (${value.constructor?.name ?? 'Object'})`;
  return `${typeof value} ${String(value)}`;
}
