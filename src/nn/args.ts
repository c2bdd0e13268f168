import { ArgumentError, TensileError } from '../errors.js';

/**
 * Checks of arguments that come from user code or from JSON configs (so their types cannot be
 * trusted). Each error names where the argument was given (`dense_1`, `GlorotUniform`), the
 * argument, what it must be and what was found.
 */

export function found(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  return JSON.stringify(value) ?? String(value);
}

const NUMBER_RULES = {
  finite: { test: (v: number) => Number.isFinite(v), expected: 'a finite number' },
  nonNegative: { test: (v: number) => Number.isFinite(v) && v >= 0, expected: 'a number >= 0' },
  positive: { test: (v: number) => Number.isFinite(v) && v > 0, expected: 'a number > 0' },
  positiveInteger: { test: (v: number) => Number.isInteger(v) && v > 0, expected: 'a positive integer' },
  fraction: { test: (v: number) => v >= 0 && v < 1, expected: 'a number in [0, 1)' },
  unitInterval: { test: (v: number) => v >= 0 && v <= 1, expected: 'a number in [0, 1]' },
} as const;

export type NumberRule = keyof typeof NUMBER_RULES;

/** A number obeying `rule`; `fallback` when the argument is absent (undefined or null). */
export function numberArg(where: string, key: string, value: unknown, fallback: number | undefined, rule: NumberRule = 'finite'): number {
  const v = value ?? fallback;
  const { test, expected } = NUMBER_RULES[rule];
  if (typeof v !== 'number' || !test(v)) throw new ArgumentError(`${where}: ${key} must be ${expected}, found ${found(value)}`);
  return v;
}

export function booleanArg(where: string, key: string, value: unknown, fallback: boolean): boolean {
  const v = value ?? fallback;
  if (typeof v !== 'boolean') throw new ArgumentError(`${where}: ${key} must be true or false, found ${found(value)}`);
  return v;
}

/** A seed for an initializer or a random layer: null means "use the global generator". */
export function seedArg(where: string, value: unknown): number | null {
  if (value === undefined || value === null) return null;
  return numberArg(where, 'seed', value, undefined);
}

/** 'fan_in' -> 'fanIn': Python configs spell enum values in snake_case, TF.js in camelCase. */
export function toCamelCase(value: string): string {
  return value.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** One of `choices` (camelCase), accepting the snake_case spelling of Python configs. */
export function choiceArg<C extends string>(where: string, key: string, value: unknown, fallback: C, choices: readonly C[]): C {
  const v = value ?? fallback;
  const camel = typeof v === 'string' ? toCamelCase(v) : v;
  if (!choices.includes(camel as C)) {
    throw new ArgumentError(`${where}: ${key} must be one of ${choices.map((c) => `'${c}'`).join(', ')}, found ${found(value)}`);
  }
  return camel as C;
}

/**
 * Refuses options that Keras/TF.js configs carry but Tensile does not implement yet, unless
 * they hold their "off" value (absent, null or false), so a loaded model never silently
 * behaves differently from the one that was saved.
 */
export function rejectUnsupported(where: string, args: object, keys: readonly string[]): void {
  const record = args as Record<string, unknown>;
  for (const key of keys) {
    const v = record[key];
    if (v !== undefined && v !== null && v !== false) {
      throw new ArgumentError(`${where}: ${key} is not supported yet, found ${found(v)}`);
    }
  }
}

/** Runs `read` (which parses one argument) so that its errors say which argument of what they are about. */
export function inArg<T>(where: string, key: string, read: () => T): T {
  try {
    return read();
  } catch (e) {
    if (e instanceof TensileError) e.message = `${where}: ${key}: ${e.message}`;
    throw e;
  }
}
