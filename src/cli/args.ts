import { parseArgs } from 'node:util';
import type { ParseArgsConfig } from 'node:util';
import { UsageError } from './usage.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/** node:util parseArgs, with its errors turned into UsageErrors (exit 2, usage printed). */
export function parseCommand<T extends Options>(argv: string[], options: T, positionals: number): ReturnType<typeof parseArgs<{ options: T; allowPositionals: true; strict: true }>> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  if (parsed.positionals.length > positionals) {
    throw new UsageError(`unexpected argument '${parsed.positionals[positionals]}'`);
  }
  return parsed;
}

/** A numeric option: absent gives `fallback`; anything but a number in range is a UsageError. */
export function numberOption(name: string, value: string | undefined, fallback: number, check: (v: number) => boolean, expected: string): number {
  if (value === undefined) return fallback;
  const v = Number(value);
  if (value.trim() === '' || !Number.isFinite(v) || !check(v)) throw new UsageError(`--${name} must be ${expected}, found '${value}'`);
  return v;
}

export const positiveInteger = (v: number): boolean => Number.isInteger(v) && v > 0;
