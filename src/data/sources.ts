import { ArgumentError, describe } from '../errors.js';
import { Tensor } from '../tensor/tensor.js';
import { Dataset, stackLoaded } from './dataset.js';
import type { TensorRecord } from './stackElements.js';
import * as stages from './stages.js';
import { row, rowCount, takeRows } from './tensorRows.js';

/** A dataset of `n` samples keyed by index: `load` makes one sample, `loadRows` the batch of several. */
function indexed<T>(n: number, load: (i: number) => T, loadRows: (indices: number[]) => T): Dataset<T> {
  return new Dataset({ keys: () => stages.range(n), load: (key) => load(key as number), loadBatch: (keys) => loadRows(keys as number[]) }, n);
}

/**
 * The samples along axis 0 of a tensor, or of a record of tensors with one row per sample
 * (`fromTensors({ x: images, y: labels })` yields `{ x: image, y: label }`). Samples and batches of
 * consecutive samples share the tensors' buffers; a shuffled batch is one gather per tensor.
 */
export function fromTensors(x: Tensor): Dataset<Tensor>;
export function fromTensors<R extends TensorRecord>(columns: R): Dataset<R>;
export function fromTensors(data: Tensor | TensorRecord): Dataset<Tensor | TensorRecord> {
  if (data instanceof Tensor) {
    const n = rowCount('fromTensors', { x: data });
    return indexed<Tensor>(n, (i) => row(data, i), (indices) => takeRows(data, indices));
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new ArgumentError(`fromTensors: expected a Tensor or a record of Tensors such as { x, y }, found ${describe(data)}`);
  }
  const n = rowCount('fromTensors', data);
  const names = Object.keys(data);
  const each = (fn: (t: Tensor) => Tensor): TensorRecord => Object.fromEntries(names.map((name) => [name, fn(data[name]!)]));
  return indexed<TensorRecord>(n, (i) => each((t) => row(t, i)), (indices) => each((t) => takeRows(t, indices)));
}

/** The items of an array, in order (the array is copied). `batch` stacks them when they are tensors or records of tensors. */
export function fromArray<T>(items: readonly T[]): Dataset<T> {
  if (!Array.isArray(items)) throw new ArgumentError(`fromArray: expected an array, found ${describe(items)}`);
  const copy = items.slice();
  const load = (i: number): T => copy[i]!;
  return indexed(copy.length, load, stackLoaded((key) => load(key as number)));
}
