import { DataError, ShapeError, fmtShape } from '../../errors.js';
import type { DType } from '../../tensor/dtype.js';
import { allocate } from '../../tensor/dtype.js';
import type { HostTensor } from './hostTensor.js';

/** Deeper nesting than any served model takes; also keeps hostile input from exhausting the stack. */
const MAX_RANK = 8;

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 20 ? `${v.slice(0, 20)}...` : v)}`;
  return typeof v === 'object' ? 'an object' : `${typeof v} ${String(v)}`;
}

/** The shape a rectangular nested array would have, read along its first elements. */
function leadingShape(where: string, value: unknown): number[] {
  const shape: number[] = [];
  let v = value;
  while (Array.isArray(v)) {
    if (shape.length === MAX_RANK) throw new ShapeError(`${where}: nested deeper than ${MAX_RANK} levels`);
    shape.push(v.length);
    if (v.length === 0) break;
    v = v[0];
  }
  return shape;
}

/**
 * A JSON array of numbers, nested to any rectangular shape, as flat row-major typed data and its
 * shape. `where` names the value in messages, which point at the first element that is wrong:
 * `instances[3]: expected 784 elements (as instances[0] has), found 783`.
 */
export function fromNestedArray(where: string, value: unknown, dtype: DType): HostTensor {
  if (!Array.isArray(value)) throw new DataError(`${where}: expected an array of numbers, found ${describe(value)}`);
  const shape = leadingShape(where, value);
  const size = shape.reduce((a, b) => a * b, 1);
  const data = allocate(dtype, size);
  let at = 0;
  // The index path is kept as numbers and spelt out only for a message: most input is fine.
  const index: number[] = [];
  const path = (): string => `${where}${index.map((i) => `[${i}]`).join('')}`;
  const fill = (v: unknown, depth: number): void => {
    if (depth === shape.length) {
      if (typeof v !== 'number') throw new DataError(`${path()}: expected a number, found ${describe(v)}`);
      if (dtype === 'int32' && !(Number.isInteger(v) && v >= -(2 ** 31) && v < 2 ** 31)) {
        throw new DataError(`${path()}: int32 input takes 32-bit integers, found ${v}`);
      }
      data[at++] = v;
      return;
    }
    if (!Array.isArray(v)) {
      throw new ShapeError(`${path()}: expected an array of ${shape[depth]} elements (the shape is ${fmtShape(shape)} from the first elements), found ${describe(v)}`);
    }
    if (v.length !== shape[depth]) {
      throw new ShapeError(`${path()}: expected ${shape[depth]} elements (the shape is ${fmtShape(shape)} from the first elements), found ${v.length}`);
    }
    for (let i = 0; i < v.length; i++) {
      index[depth] = i;
      fill(v[i], depth + 1);
    }
    index.length = depth;
  };
  fill(value, 0);
  return { dtype, shape, data };
}
