import { ArgumentError } from '../errors.js';
import { describe } from '../tensor/ops/operands.js';

/** An interval of allowed values; bounds are inclusive unless marked open. */
export interface Interval {
  min?: number;
  max?: number;
  minOpen?: boolean;
  maxOpen?: boolean;
  integer?: boolean;
}

function intervalText({ min, max, minOpen, maxOpen, integer }: Interval): string {
  const kind = integer ? 'an integer' : 'a number';
  if (min !== undefined && max !== undefined) return `${kind} in ${minOpen ? '(' : '['}${min}, ${max}${maxOpen ? ')' : ']'}`;
  if (min !== undefined) return `${kind} ${minOpen ? '>' : '>='} ${min}`;
  if (max !== undefined) return `${kind} ${maxOpen ? '<' : '<='} ${max}`;
  return `a finite ${integer ? 'integer' : 'number'}`;
}

/**
 * Checks a hyperparameter (configs come from untyped JS and JSON files too) and returns it;
 * otherwise an ArgumentError naming the owner, the parameter, what it allows and what it got.
 */
export function checkNumber(owner: string, name: string, value: unknown, interval: Interval = {}): number {
  const { min, max, minOpen, maxOpen, integer } = interval;
  const ok = typeof value === 'number' && Number.isFinite(value) && (!integer || Number.isInteger(value)) &&
    (min === undefined || (minOpen ? value > min : value >= min)) &&
    (max === undefined || (maxOpen ? value < max : value <= max));
  if (!ok) throw new ArgumentError(`${owner}: ${name} must be ${intervalText(interval)}, found ${describe(value)}`);
  return value as number;
}

export function checkBoolean(owner: string, name: string, value: unknown): boolean {
  if (typeof value !== 'boolean') throw new ArgumentError(`${owner}: ${name} must be true or false, found ${describe(value)}`);
  return value;
}

/** The options object of a constructor or factory: undefined means all defaults. */
export function checkOptions<T extends object>(owner: string, options: T | undefined): Partial<T> {
  if (options === undefined) return {};
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new ArgumentError(`${owner}: expected an options object, found ${describe(options)}`);
  }
  return options;
}
