import type { Conv2DSpec, Pool2DSpec } from './backend.js';
import type { Shape } from '../tensor/shape.js';
import { sizeOf } from '../tensor/shape.js';

/**
 * Kernel arguments the compiled backends (native, wasm) share: specs packed as int32s in
 * declaration order, the cases they leave to the js kernels, and reduction axes as one run.
 */

export const packConv = (s: Conv2DSpec): Int32Array => Int32Array.of(
  s.batch, s.inHeight, s.inWidth, s.inChannels, s.outHeight, s.outWidth, s.outChannels,
  s.filterHeight, s.filterWidth, s.strideHeight, s.strideWidth, s.dilationHeight, s.dilationWidth, s.padTop, s.padLeft,
);

export const packPool = (s: Pool2DSpec): Int32Array => Int32Array.of(
  s.batch, s.inHeight, s.inWidth, s.channels, s.outHeight, s.outWidth,
  s.poolHeight, s.poolWidth, s.strideHeight, s.strideWidth, s.padTop, s.padLeft,
);

/** An empty batch or no channels: nothing for a compiled kernel to do (oneDNN refuses it). */
export const emptyConv = (s: Conv2DSpec): boolean => s.batch === 0 || s.inChannels === 0 || s.outChannels === 0;
export const emptyPool = (s: Pool2DSpec): boolean => s.batch === 0 || s.channels === 0;

/** `axes` (sorted, distinct) as one run `[outer, length, inner]`, or undefined if they have gaps. */
export function reductionRun(shape: Shape, axes: readonly number[]): [number, number, number] | undefined {
  const first = axes[0]!;
  const last = axes[axes.length - 1]!;
  if (last - first + 1 !== axes.length) return undefined;
  return [sizeOf(shape.slice(0, first)), sizeOf(shape.slice(first, last + 1)), sizeOf(shape.slice(last + 1))];
}
