import { loadAddon } from '../../backend/native/addon.js';
import type { NestReader } from './numberNest.js';
import { MAX_RANK } from './numberNest.js';

/**
 * The native addon's nest reader (native/src/number_nest.cc: the same rules and results as
 * jsNestReader, at a fraction of the time), or undefined where the addon does not load.
 */
export function nativeNestReader(): NestReader | undefined {
  let addon;
  try {
    addon = loadAddon();
  } catch {
    return undefined;
  }
  // [position after the nest, rank, ...shape]: one array for every call (calls never overlap).
  const result = new Int32Array(2 + MAX_RANK);
  return (bytes, start, end, dtype) => {
    const data = addon.readNumberNest(bytes, start, end, dtype === 'int32', result);
    return data === undefined ? undefined : { data, shape: Array.from(result.subarray(2, 2 + result[1]!)), end: result[0]! };
  };
}
