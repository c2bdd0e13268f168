/**
 * Rows (axis-0 entries) of tensors whose axis 0 indexes samples. Tensors never change after they
 * are made, so a sample or a run of consecutive samples can be a view into the same buffer
 * instead of a copy.
 */
import { ArgumentError, ShapeError, describe, fmtShape } from '../errors.js';
import { gather } from '../tensor/ops/layout.js';
import { sizeOf } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import type { TensorRecord } from './stackElements.js';

/** The number of samples in `columns`, checking every one is a tensor with that many rows. */
export function rowCount(op: string, columns: TensorRecord): number {
  let count: { rows: number; name: string } | null = null;
  for (const [name, t] of Object.entries(columns)) {
    if (!(t instanceof Tensor)) throw new ArgumentError(`${op}: expected ${name} to be a Tensor, found ${describe(t)}`);
    if (t.rank === 0) throw new ShapeError(`${op}: ${name} is a scalar; expected a tensor whose axis 0 indexes samples`);
    if (count !== null && t.shape[0] !== count.rows) {
      throw new ShapeError(`${op}: ${name} ${fmtShape(t.shape)} has ${t.shape[0]} rows but ${count.name} has ${count.rows}; every tensor needs one row per sample`);
    }
    count ??= { rows: t.shape[0]!, name };
  }
  if (count === null) throw new ArgumentError(`${op}: expected at least one tensor, found an empty record`);
  return count.rows;
}

function view(t: Tensor, start: number, end: number, shape: readonly number[]): Tensor {
  const rowSize = sizeOf(t.shape.slice(1));
  return new Tensor(t.values.subarray(start * rowSize, end * rowSize), shape);
}

/** Sample `i` of `t` (its shape without axis 0), sharing `t`'s buffer. */
export function row(t: Tensor, i: number): Tensor {
  return view(t, i, i + 1, t.shape.slice(1));
}

/** Rows `indices` of `t` in that order: a view when they are consecutive, else a gathered copy. */
export function takeRows(t: Tensor, indices: readonly number[]): Tensor {
  const start = indices[0] ?? 0;
  const consecutive = indices.every((index, k) => index === start + k);
  return consecutive ? view(t, start, start + indices.length, [indices.length, ...t.shape.slice(1)]) : gather(t, indices, 0);
}
