import { ArgumentError, TensileError, describe } from '../errors.js';
import type { Rendering } from '../errors.js';
import { snakeToCamel } from './caseConversion.js';

/**
 * Checks of arguments that come from user code or from JSON configs (so their types cannot be
 * trusted). Each returns the argument or throws an ArgumentError naming the owner (`dense_1`,
 * `GlorotUniform`, `Adam`), the argument, what it must be and what was found. `rendering` says
 * how the found value is shown (see `describe`): layers, initializers and regularizers write it
 * as a literal (`found [1,3]`), optimizers, schedules, losses and metrics with its kind
 * (`found number 5`).
 */

/** An interval of allowed values; bounds are inclusive unless marked open. */
export interface Interval {
  min?: number;
  max?: number;
  minOpen?: boolean;
  maxOpen?: boolean;
  integer?: boolean;
}

export const FINITE: Readonly<Interval> = {};
export const NON_NEGATIVE: Readonly<Interval> = { min: 0 };
export const POSITIVE: Readonly<Interval> = { min: 0, minOpen: true };
export const POSITIVE_INTEGER: Readonly<Interval> = { min: 0, minOpen: true, integer: true };
export const FRACTION: Readonly<Interval> = { min: 0, max: 1, maxOpen: true };
export const UNIT_INTERVAL: Readonly<Interval> = { min: 0, max: 1 };

function intervalText({ min, max, minOpen, maxOpen, integer }: Readonly<Interval>): string {
  const kind = integer ? 'an integer' : 'a number';
  if (min !== undefined && max !== undefined) return `${kind} in ${minOpen ? '(' : '['}${min}, ${max}${maxOpen ? ')' : ']'}`;
  // What layer messages have always said, rather than 'an integer > 0'.
  if (integer && min === 0 && minOpen) return 'a positive integer';
  if (min !== undefined) return `${kind} ${minOpen ? '>' : '>='} ${min}`;
  if (max !== undefined) return `${kind} ${maxOpen ? '<' : '<='} ${max}`;
  return `a finite ${integer ? 'integer' : 'number'}`;
}

/** A finite number in `allowed`. */
export function checkNumber(owner: string, name: string, value: unknown, allowed: Readonly<Interval> = FINITE, rendering?: Rendering): number {
  const { min, max, minOpen, maxOpen, integer } = allowed;
  const ok = typeof value === 'number' && Number.isFinite(value) && (!integer || Number.isInteger(value)) &&
    (min === undefined || (minOpen ? value > min : value >= min)) &&
    (max === undefined || (maxOpen ? value < max : value <= max));
  if (!ok) throw new ArgumentError(`${owner}: ${name} must be ${intervalText(allowed)}, found ${describe(value, rendering)}`);
  return value as number;
}

export function checkBoolean(owner: string, name: string, value: unknown, rendering?: Rendering): boolean {
  if (typeof value !== 'boolean') throw new ArgumentError(`${owner}: ${name} must be true or false, found ${describe(value, rendering)}`);
  return value;
}

/** A seed for an initializer or a random layer: absent (undefined or null) means "use the global generator". */
export function checkSeed(owner: string, value: unknown, rendering?: Rendering): number | null {
  return value === undefined || value === null ? null : checkNumber(owner, 'seed', value, FINITE, rendering);
}

/** One of `choices` (camelCase), accepting the snake_case spelling of Python configs ('fan_in'). */
export function checkChoice<C extends string>(owner: string, name: string, value: unknown, choices: readonly C[], rendering?: Rendering): C {
  const camel = typeof value === 'string' ? snakeToCamel(value) : value;
  if (!choices.includes(camel as C)) {
    throw new ArgumentError(`${owner}: ${name} must be one of ${choices.map((c) => `'${c}'`).join(', ')}, found ${describe(value, rendering)}`);
  }
  return camel as C;
}

/** The options object of a constructor or factory: undefined means all defaults. */
export function checkOptions<T extends object>(owner: string, options: T | undefined): Partial<T> {
  if (options === undefined) return {};
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new ArgumentError(`${owner}: expected an options object, found ${describe(options)}`);
  }
  return options;
}

/**
 * Refuses options that Keras/TF.js configs carry but Tensile does not implement yet, unless
 * they hold their "off" value (absent, null or false), so a loaded model never silently
 * behaves differently from the one that was saved.
 */
export function rejectUnsupported(owner: string, args: object, keys: readonly string[], rendering?: Rendering): void {
  const record = args as Record<string, unknown>;
  for (const key of keys) {
    const v = record[key];
    if (v !== undefined && v !== null && v !== false) {
      throw new ArgumentError(`${owner}: ${key} is not supported yet, found ${describe(v, rendering)}`);
    }
  }
}

/** Runs `read` (which parses one argument) so that its errors say which argument of what they are about. */
export function inArg<T>(owner: string, name: string, read: () => T): T {
  try {
    return read();
  } catch (e) {
    if (e instanceof TensileError) e.message = `${owner}: ${name}: ${e.message}`;
    throw e;
  }
}
