import { DataError, TensileError, describe } from '../../errors.js';
import type { JsonObject } from './pythonic.js';

/**
 * Reads fields of a parsed JSON file whose content cannot be trusted. Each failure is a
 * DataError naming the file, the field, what it must be and what it is.
 */
export class JsonReader {
  constructor(readonly file: string) {}

  fail(field: string, expected: string, value: unknown): never {
    throw new DataError(`${this.file}: ${field} must be ${expected}, found ${describe(value, 'literal')}`);
  }

  object(field: string, value: unknown): JsonObject {
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonObject) : this.fail(field, 'an object', value);
  }

  array(field: string, value: unknown): unknown[] {
    return Array.isArray(value) ? value : this.fail(field, 'an array', value);
  }

  string(field: string, value: unknown): string {
    return typeof value === 'string' ? value : this.fail(field, 'a string', value);
  }

  index(field: string, value: unknown): number {
    return Number.isInteger(value) && (value as number) >= 0 ? (value as number) : this.fail(field, 'a non-negative integer', value);
  }

  /** Runs `build`; a TensileError it throws (a config a layer or optimizer refuses) becomes a DataError naming the file and `what`. */
  within<T>(what: string, build: () => T): T {
    try {
      return build();
    } catch (err) {
      if (!(err instanceof TensileError) || err instanceof DataError) throw err;
      throw new DataError(`${this.file}: ${what}: ${err.message}`, { cause: err });
    }
  }
}
