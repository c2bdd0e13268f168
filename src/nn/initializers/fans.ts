import { sizeOf } from '../../tensor/shape.js';

/**
 * The number of inputs and outputs a weight connects, as Keras computes them: a dense kernel
 * `[in, out]` has fanIn = in and fanOut = out; a convolution kernel `[...window, in, out]`
 * multiplies both by the window size (its receptive field). Vectors count as square, scalars as 1.
 */
export function computeFans(shape: readonly number[]): { fanIn: number; fanOut: number } {
  if (shape.length === 0) return { fanIn: 1, fanOut: 1 };
  if (shape.length === 1) return { fanIn: shape[0]!, fanOut: shape[0]! };
  const receptiveField = sizeOf(shape.slice(0, -2));
  return { fanIn: shape[shape.length - 2]! * receptiveField, fanOut: shape[shape.length - 1]! * receptiveField };
}
