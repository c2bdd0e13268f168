import { ArgumentError } from '../errors.js';

/** Rows `[start, end)` of a global batch given to one member. */
export interface Slice {
  start: number;
  end: number;
}

/**
 * Splits a global batch of `size` rows into one contiguous slice per member, in rank order,
 * sized in proportion to `weights` (largest remainder: each gets the floor of its quota, the rows
 * left over go to the largest fractional parts, ties to the lower rank). The slices cover
 * `[0, size)` exactly once, and every member computes the same split from the same weights.
 */
export function splitBatch(size: number, weights: readonly number[]): Slice[] {
  if (!Number.isInteger(size) || size < 0) throw new ArgumentError(`splitBatch: size must be an integer >= 0, found ${size}`);
  if (weights.length === 0 || weights.some((w) => !(w > 0 && Number.isFinite(w)))) {
    throw new ArgumentError(`splitBatch: expected positive finite weights, found [${weights.join(', ')}]`);
  }
  const total = weights.reduce((a, b) => a + b, 0);
  const quotas = weights.map((w) => (size * w) / total);
  const counts = quotas.map(Math.floor);
  let left = size - counts.reduce((a, b) => a + b, 0);
  const byRemainder = quotas.map((q, rank) => ({ rank, rest: q - Math.floor(q) })).sort((a, b) => b.rest - a.rest || a.rank - b.rank);
  for (const { rank } of byRemainder) {
    if (left === 0) break;
    counts[rank]!++;
    left--;
  }
  let start = 0;
  return counts.map((n) => ({ start, end: (start += n) }));
}
