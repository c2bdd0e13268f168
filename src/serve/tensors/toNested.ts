import type { HostTensor } from './hostTensor.js';

export type Nested = number | Nested[];

/** A tensor as nested JSON arrays, one level per dimension (what TF Serving answers with). */
export function toNested(t: HostTensor): Nested[] {
  const { shape, data } = t;
  const build = (depth: number, offset: number, stride: number): Nested[] => {
    const n = shape[depth]!;
    if (depth === shape.length - 1) return Array.from(data.subarray(offset, offset + n));
    const inner = stride / n;
    const out: Nested[] = new Array<Nested>(n);
    for (let i = 0; i < n; i++) out[i] = build(depth + 1, offset + i * inner, inner);
    return out;
  };
  return shape.length === 0 ? [] : build(0, 0, data.length);
}
