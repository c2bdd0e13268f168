import { ArgumentError, ShapeError, fmtShape } from '../errors.js';

export type Shape = readonly number[];

export function sizeOf(shape: Shape): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

export function stridesOf(shape: Shape): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= shape[i]!;
  }
  return strides;
}

export function sameShape(a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

export function assertShape(op: string, shape: unknown): number[] {
  if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0)) {
    throw new ShapeError(`${op}: expected a shape of non-negative integers, found ${JSON.stringify(shape)}`);
  }
  return shape.slice();
}

/** Pairs of trailing dims, aligned as NumPy broadcasting aligns them (missing dims are 1). */
function alignedDims(a: Shape, b: Shape): [number, number][] {
  const rank = Math.max(a.length, b.length);
  return Array.from({ length: rank }, (_, i) => [a[a.length - rank + i] ?? 1, b[b.length - rank + i] ?? 1]);
}

export function canBroadcast(a: Shape, b: Shape): boolean {
  return alignedDims(a, b).every(([da, db]) => da === db || da === 1 || db === 1);
}

/** NumPy broadcasting: align trailing dims; each pair must be equal or contain a 1. */
export function broadcastShapes(op: string, a: Shape, b: Shape): number[] {
  if (!canBroadcast(a, b)) throw new ShapeError(`${op}: shapes ${fmtShape(a)} and ${fmtShape(b)} cannot be broadcast together`);
  return alignedDims(a, b).map(([da, db]) => (da === 1 ? db : da));
}

/** Resolves a possibly negative axis against `rank`. */
export function normalizeAxis(op: string, axis: number, rank: number): number {
  if (!Number.isInteger(axis) || axis < -rank || axis >= rank) {
    throw new ArgumentError(`${op}: axis ${axis} is out of range for a tensor of rank ${rank}`);
  }
  return axis < 0 ? axis + rank : axis;
}

/** Resolves `axis` (undefined = all axes) into a sorted list of distinct non-negative axes. */
export function normalizeAxes(op: string, axis: number | readonly number[] | undefined, rank: number): number[] {
  if (axis === undefined) return Array.from({ length: rank }, (_, i) => i);
  const list = typeof axis === 'number' ? [axis] : axis;
  const axes = list.map((a) => normalizeAxis(op, a, rank)).sort((x, y) => x - y);
  for (let i = 1; i < axes.length; i++) {
    if (axes[i] === axes[i - 1]) throw new ArgumentError(`${op}: axis ${axes[i]} is repeated in ${JSON.stringify(list)}`);
  }
  return axes;
}

/** Shape after reducing `axes`, keeping them as 1s when `keepDims`. */
export function reducedShape(shape: Shape, axes: readonly number[], keepDims: boolean): number[] {
  const out: number[] = [];
  shape.forEach((d, i) => {
    if (!axes.includes(i)) out.push(d);
    else if (keepDims) out.push(1);
  });
  return out;
}
