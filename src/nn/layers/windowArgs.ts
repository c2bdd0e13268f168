import { ArgumentError, ShapeError, describe } from '../../errors.js';
import { window } from '../../tensor/ops/conv.js';
import { checkChoice } from '../checks.js';
import type { SymbolicShape } from '../symbolicTensor.js';
import { formatSymbolicShape } from '../symbolicTensor.js';
import { requireRank } from './inputShape.js';

/** Arguments and output shapes of the layers that slide a 2-D window over NHWC images (conv2d, pooling). */

export type Pair = [number, number];
export type LayerPadding = 'valid' | 'same';
export type DataFormat = 'channelsLast' | 'channelsFirst';

/** A positive integer for both axes, or a pair of them (Keras writes the pair). */
export function pairArg(where: string, key: string, value: unknown, fallback: Pair | undefined): Pair {
  const v = value ?? fallback;
  const p = typeof v === 'number' ? [v, v] : v;
  if (!Array.isArray(p) || p.length !== 2 || !p.every((d) => Number.isInteger(d) && d > 0)) {
    throw new ArgumentError(`${where}: ${key} must be a positive integer or a pair of them, found ${describe(value, 'literal')}`);
  }
  return [p[0], p[1]];
}

export function paddingArg(where: string, value: unknown): LayerPadding {
  return checkChoice<LayerPadding>(where, 'padding', value ?? 'valid', ['valid', 'same'], 'literal');
}

/** Tensile's image layers are NHWC only; a channelsFirst config is refused rather than misread. */
export function dataFormatArg(where: string, value: unknown): 'channelsLast' {
  const format = checkChoice<DataFormat>(where, 'dataFormat', value ?? 'channelsLast', ['channelsLast', 'channelsFirst'], 'literal');
  if (format === 'channelsFirst') {
    throw new ArgumentError(`${where}: dataFormat 'channelsFirst' is not supported; expected 'channelsLast' (inputs [batch, height, width, channels])`);
  }
  return format;
}

export interface Window {
  size: Pair;
  strides: Pair;
  dilation: Pair;
  padding: LayerPadding;
}

/** `[batch, outHeight, outWidth]` for an NHWC input; unknown input sizes give unknown output sizes. */
export function windowOutputShape(where: string, inputShape: SymbolicShape, w: Window): SymbolicShape {
  requireRank(where, inputShape, 4, '[batch, height, width, channels]');
  const out = [1, 2].map((axis) => {
    const size = inputShape[axis]!;
    if (size === null) return null;
    const i = axis - 1;
    return window(where, w.padding, size, (w.size[i]! - 1) * w.dilation[i]! + 1, w.strides[i]!).out;
  });
  if (out.some((d) => d !== null && d < 1)) {
    throw new ShapeError(`${where}: input ${formatSymbolicShape(inputShape)} is too small for a ${w.size.join('x')} window` +
      ` with padding '${w.padding}': the output would be ${out.join('x')}`);
  }
  return [inputShape[0]!, ...out];
}
