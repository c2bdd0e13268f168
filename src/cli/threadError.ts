import { TensileError } from '../errors.js';
import { UsageError } from './usage.js';

/** An error thrown in a command's thread, as it crosses to the CLI's thread (errors do not survive structured clone whole). */
export interface ThreadError { name: string; message: string; typed: boolean; stack?: string }

export function describeThreadError(err: unknown): ThreadError {
  const e = err instanceof Error ? err : new Error(String(err));
  return { name: e.name, message: e.message, typed: e instanceof TensileError, ...(e.stack === undefined ? {} : { stack: e.stack }) };
}

/**
 * The error again on the CLI's side, so main() reports it as it would have in its own thread: a
 * usage error with the usage text, a typed error by its name, anything else (a bug) with its stack.
 */
export function rebuildThreadError(d: ThreadError): Error {
  const err = d.name === 'UsageError' ? new UsageError(d.message) : d.typed ? new TensileError(d.message) : new Error(d.message);
  err.name = d.name;
  if (d.stack !== undefined && !d.typed) err.stack = d.stack;
  return err;
}
