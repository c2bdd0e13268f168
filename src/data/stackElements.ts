import { ArgumentError, ShapeError, describe, fmtShape } from '../errors.js';
import { stack } from '../tensor/ops/layout.js';
import { sameShape } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';

/** Named tensors that travel together, such as `{ x, y }`. */
export type TensorRecord = { readonly [name: string]: Tensor };

/** What `batch` can stack: a tensor, or a record of tensors stacked name by name. */
export type Batchable = Tensor | TensorRecord;

function isTensorRecord(value: unknown): value is TensorRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value) &&
    Object.values(value).every((v) => v instanceof Tensor) && Object.keys(value).length > 0;
}

function stackTensors(items: readonly unknown[], name: string): Tensor {
  const first = items[0] as Tensor;
  items.forEach((item, i) => {
    if (!(item instanceof Tensor)) throw new ArgumentError(`batch: element ${i}${name} is not a Tensor: found ${describe(item)}`);
    if (item.dtype !== first.dtype || !sameShape(item.shape, first.shape)) {
      throw new ShapeError(`batch: element ${i}${name} is ${item.dtype} ${fmtShape(item.shape)} but element 0${name} is ${first.dtype} ${fmtShape(first.shape)}; elements of a batch must match`);
    }
  });
  return stack(items as Tensor[]);
}

/** Stacks elements along a new axis 0: tensors into one tensor, records name by name. */
export function stackElements(items: readonly unknown[]): Batchable {
  const first = items[0];
  if (first instanceof Tensor) return stackTensors(items, '');
  if (!isTensorRecord(first)) {
    throw new ArgumentError(`batch: elements must be Tensors or records of Tensors, found ${describe(first)}`);
  }
  const names = Object.keys(first);
  items.forEach((item, i) => {
    if (!isTensorRecord(item) || Object.keys(item).length !== names.length || !names.every((n) => n in item)) {
      throw new ArgumentError(`batch: element ${i} does not have the names of element 0 (${names.join(', ')})`);
    }
  });
  const records = items as readonly TensorRecord[];
  return Object.fromEntries(names.map((n) => [n, stackTensors(records.map((r) => r[n]), `.${n}`)]));
}
