import { ArgumentError } from '../errors.js';
import { backend } from './registry.js';

/**
 * Limits the threads that kernels called from this JS thread use (each worker thread of an
 * elastic job gets its share of the cores); returns the number now used.
 */
export function setThreads(n: number): number {
  if (!Number.isInteger(n) || n < 1) throw new ArgumentError(`setThreads: expected a positive integer, found ${n}`);
  return backend().setThreads(n);
}
