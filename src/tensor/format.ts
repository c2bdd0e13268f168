import type { TypedArray } from './dtype.js';
import type { Shape } from './shape.js';
import { sizeOf } from './shape.js';

/** Along each axis longer than this, only the first and last EDGE entries are printed. */
const SUMMARY_THRESHOLD = 1000;
const EDGE = 3;

function formatNumber(v: number, isInt: boolean): string {
  if (isInt || Number.isInteger(v)) return String(v);
  if (!Number.isFinite(v)) return String(v);
  const abs = Math.abs(v);
  return abs !== 0 && (abs < 1e-4 || abs >= 1e6) ? v.toExponential(4) : String(Number(v.toPrecision(6)));
}

/** Nested rows like NumPy: `[[1, 2], [3, 4]]`, one row per line, long axes summarised with `...`. */
export function formatValues(values: TypedArray, shape: Shape, isInt: boolean): string {
  if (shape.length === 0) return formatNumber(values[0]!, isInt);
  const summarise = values.length > SUMMARY_THRESHOLD;
  const format = (offset: number, axis: number): string => {
    const dim = shape[axis]!;
    const stride = sizeOf(shape.slice(axis + 1));
    const indices = summarise && dim > 2 * EDGE
      ? [...Array.from({ length: EDGE }, (_, i) => i), -1, ...Array.from({ length: EDGE }, (_, i) => dim - EDGE + i)]
      : Array.from({ length: dim }, (_, i) => i);
    const parts = indices.map((i) => {
      if (i < 0) return '...';
      return axis === shape.length - 1 ? formatNumber(values[offset + i]!, isInt) : format(offset + i * stride, axis + 1);
    });
    const separator = axis === shape.length - 1 ? ', ' : ',\n' + ' '.repeat(axis + 1);
    return `[${parts.join(separator)}]`;
  };
  return format(0, 0);
}
