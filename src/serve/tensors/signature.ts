import { DTypeError, ShapeError, fmtShape } from '../../errors.js';
import type { DType } from '../../tensor/dtype.js';
import type { HostTensor } from './hostTensor.js';
import { rowSize } from './hostTensor.js';

/** One input or output of a served model; `null` marks the batch (or any free) dimension. */
export interface TensorSpec {
  readonly name: string;
  readonly dtype: DType;
  readonly shape: readonly (number | null)[];
}

export interface ModelSignature {
  readonly inputs: readonly TensorSpec[];
  readonly outputs: readonly TensorSpec[];
}

const fmtSpec = (shape: readonly (number | null)[]): string => `[${shape.map((d) => d ?? -1).join(',')}]`;

/**
 * Checks a batch of samples against an input's spec and returns it in the spec's shape. Samples
 * may come flat (784 numbers for a [28,28,1] input) when their size matches; anything else that
 * does not fit is a ShapeError or DTypeError naming what was expected and found.
 */
export function conformInput(where: string, spec: TensorSpec, input: HostTensor): HostTensor {
  if (input.dtype !== spec.dtype) {
    throw new DTypeError(`${where}: input '${spec.name}' takes ${spec.dtype}, found ${input.dtype}`);
  }
  const rows = input.shape[0];
  if (input.shape.length === 0 || rows === undefined || rows === 0) {
    throw new ShapeError(`${where}: expected a non-empty batch of samples for input '${spec.name}' ${fmtSpec(spec.shape)}, found shape ${fmtShape(input.shape)}`);
  }
  const sample = spec.shape.slice(1);
  const fits = input.shape.length === spec.shape.length && sample.every((d, i) => d === null || d === input.shape[i + 1]);
  if (fits) return input;
  if (sample.every((d) => d !== null)) {
    const expected = (sample as number[]).reduce((a, b) => a * b, 1);
    if (input.shape.length === 2 && rowSize(input.shape) === expected) {
      return { dtype: input.dtype, shape: [rows, ...(sample as number[])], data: input.data };
    }
    throw new ShapeError(`${where}: input '${spec.name}' takes samples of shape ${fmtSpec(sample)} (${expected} values), found samples of shape ${fmtShape(input.shape.slice(1))} (${rowSize(input.shape)} values)`);
  }
  throw new ShapeError(`${where}: input '${spec.name}' takes samples of shape ${fmtSpec(sample)}, found samples of shape ${fmtShape(input.shape.slice(1))}`);
}
