import { record } from '../../autograd/tape.js';
import type { Activation, Conv2DSpec, Epilogue, Pool2DSpec, PoolOp } from '../../backend/backend.js';
import { backend } from '../../backend/index.js';
import { ArgumentError, ShapeError, fmtShape } from '../../errors.js';
import { sameShape } from '../shape.js';
import { Tensor } from '../tensor.js';
import { FUSABLE } from './matmul.js';
import { asTensor, requireFloat } from './operands.js';

/** 'valid' (no padding), 'same' (output = ceil(input / stride), TF's split), or explicit symmetric padding. */
export type Padding = 'valid' | 'same' | number;
type Pair = number | readonly [number, number];

function pair(op: string, name: string, value: Pair, min: number): [number, number] {
  const p = typeof value === 'number' ? [value, value] : value;
  if (!Array.isArray(p) || p.length !== 2 || !p.every((v) => Number.isInteger(v) && v >= min)) {
    throw new ArgumentError(`${op}: ${name} must be an integer >= ${min} or a pair of them, found ${JSON.stringify(value)}`);
  }
  return [p[0]!, p[1]!];
}

/** Output size and leading padding of one spatial axis (TF's formulas); layers use it for their output shapes. */
export function window(op: string, padding: Padding, input: number, extent: number, stride: number): { out: number; before: number } {
  if (padding === 'same') {
    const out = Math.ceil(input / stride);
    const total = Math.max((out - 1) * stride + extent - input, 0);
    return { out, before: Math.floor(total / 2) };
  }
  const before = padding === 'valid' ? 0 : padding;
  if (!Number.isInteger(before) || before < 0) {
    throw new ArgumentError(`${op}: padding must be 'valid', 'same' or a non-negative integer, found ${JSON.stringify(padding)}`);
  }
  return { out: Math.floor((input + 2 * before - extent) / stride) + 1, before };
}

function rank4(op: string, x: Tensor, name: string): Tensor {
  const t = requireFloat(op, asTensor(op, x, name), name);
  if (t.rank !== 4) throw new ShapeError(`${op}: expected ${name} of rank 4 (NHWC), found ${fmtShape(t.shape)}`);
  return t;
}

function checkOutput(op: string, outH: number, outW: number, x: Tensor, what: string): void {
  if (outH < 1 || outW < 1) {
    throw new ShapeError(`${op}: input ${fmtShape(x.shape)} is too small for ${what}: the output would be ${outH}x${outW}`);
  }
}

interface ConvPlan {
  x: Tensor;
  filter: Tensor;
  spec: Conv2DSpec;
  outShape: number[];
}

function planConv(op: string, x: Tensor, filter: Tensor, strides: Pair, padding: Padding, dilations: Pair): ConvPlan {
  const t = rank4(op, x, 'x');
  const w = rank4(op, filter, 'filter');
  const [batch, inHeight, inWidth, inChannels] = t.shape as [number, number, number, number];
  const [filterHeight, filterWidth, filterIn, outChannels] = w.shape as [number, number, number, number];
  if (filterIn !== inChannels) {
    throw new ShapeError(`${op}: input has ${inChannels} channels but the filter expects ${filterIn}: x ${fmtShape(t.shape)}, filter ${fmtShape(w.shape)}`);
  }
  const [strideHeight, strideWidth] = pair(op, 'strides', strides, 1);
  const [dilationHeight, dilationWidth] = pair(op, 'dilations', dilations, 1);
  const rows = window(op, padding, inHeight, (filterHeight - 1) * dilationHeight + 1, strideHeight);
  const cols = window(op, padding, inWidth, (filterWidth - 1) * dilationWidth + 1, strideWidth);
  checkOutput(op, rows.out, cols.out, t, `filter ${fmtShape(w.shape)}`);
  const spec: Conv2DSpec = {
    batch, inHeight, inWidth, inChannels, outHeight: rows.out, outWidth: cols.out, outChannels,
    filterHeight, filterWidth, strideHeight, strideWidth, dilationHeight, dilationWidth,
    padTop: rows.before, padLeft: cols.before,
  };
  return { x: t, filter: w, spec, outShape: [batch, rows.out, cols.out, outChannels] };
}

/**
 * 2-D convolution (cross-correlation, as in every framework): x NHWC `[batch, height, width, inC]`,
 * filter HWIO `[fh, fw, inC, outC]` (the Keras/TF.js layout, so their weights load as they are).
 */
export function conv2d(x: Tensor, filter: Tensor, strides: Pair = 1, padding: Padding = 'valid', dilations: Pair = 1): Tensor {
  const p = planConv('conv2d', x, filter, strides, padding, dilations);
  const out = backend().conv2d(p.x.values as Float32Array, p.filter.values as Float32Array, p.spec);
  return record('conv2d', [p.x, p.filter], new Tensor(out, p.outShape), { spec: p.spec });
}

export interface FusedConv2DArgs {
  x: Tensor;
  filter: Tensor;
  /** Added to every pixel; shape `[outC]`. */
  bias?: Tensor;
  activation?: Activation;
  strides?: Pair;
  padding?: Padding;
  dilations?: Pair;
}

/**
 * `activation(conv2d(x, filter) + bias)` in one kernel call, the convolutional layer's forward
 * pass: the backend applies bias and activation while the output is still in cache.
 */
export function fusedConv2d(args: FusedConv2DArgs): Tensor {
  const op = 'fusedConv2d';
  const { activation = 'linear' } = args;
  if (!FUSABLE.includes(activation)) {
    throw new ArgumentError(`${op}: unknown activation ${JSON.stringify(activation)}; expected one of ${FUSABLE.join(', ')}`);
  }
  const p = planConv(op, args.x, args.filter, args.strides ?? 1, args.padding ?? 'valid', args.dilations ?? 1);
  const inputs = [p.x, p.filter];
  const epilogue: Epilogue = { activation };
  if (args.bias !== undefined) {
    const bias = requireFloat(op, asTensor(op, args.bias, 'bias'), 'bias');
    if (!sameShape(bias.shape, [p.spec.outChannels])) {
      throw new ShapeError(`${op}: bias must have shape [${p.spec.outChannels}] (the filter's output channels), found ${fmtShape(bias.shape)}`);
    }
    epilogue.bias = bias.values as Float32Array;
    inputs.push(bias);
  }
  const out = backend().conv2d(p.x.values as Float32Array, p.filter.values as Float32Array, p.spec, epilogue);
  return record(op, inputs, new Tensor(out, p.outShape), { spec: p.spec, activation });
}

/** Gradients of conv2d with respect to its input and filter (used by the gradient table; not recorded). */
export function conv2dBackwardInput(dy: Tensor, filter: Tensor, spec: Conv2DSpec): Tensor {
  const out = backend().conv2dBackwardInput(dy.values as Float32Array, filter.values as Float32Array, spec);
  return new Tensor(out, [spec.batch, spec.inHeight, spec.inWidth, spec.inChannels]);
}

export function conv2dBackwardFilter(x: Tensor, dy: Tensor, spec: Conv2DSpec): Tensor {
  const out = backend().conv2dBackwardFilter(x.values as Float32Array, dy.values as Float32Array, spec);
  return new Tensor(out, [spec.filterHeight, spec.filterWidth, spec.inChannels, spec.outChannels]);
}

function pool(kind: PoolOp, x: Tensor, poolSize: Pair, strides: Pair | undefined, padding: Padding): Tensor {
  const op = kind === 'max' ? 'maxPool2d' : 'avgPool2d';
  const t = rank4(op, x, 'x');
  const [batch, inHeight, inWidth, channels] = t.shape as [number, number, number, number];
  const [poolHeight, poolWidth] = pair(op, 'poolSize', poolSize, 1);
  const [strideHeight, strideWidth] = pair(op, 'strides', strides ?? [poolHeight, poolWidth], 1);
  const rows = window(op, padding, inHeight, poolHeight, strideHeight);
  const cols = window(op, padding, inWidth, poolWidth, strideWidth);
  checkOutput(op, rows.out, cols.out, t, `pool ${poolHeight}x${poolWidth}`);
  if (rows.before >= poolHeight || cols.before >= poolWidth) {
    throw new ArgumentError(`${op}: padding ${JSON.stringify(padding)} must be smaller than the pool ${poolHeight}x${poolWidth}`);
  }
  const spec: Pool2DSpec = {
    batch, inHeight, inWidth, channels, outHeight: rows.out, outWidth: cols.out,
    poolHeight, poolWidth, strideHeight, strideWidth, padTop: rows.before, padLeft: cols.before,
  };
  const out = new Tensor(backend().pool2d(kind, t.values as Float32Array, spec), [batch, rows.out, cols.out, channels]);
  return record(op, [t], out, { spec });
}

/** Max over `poolSize` windows of NHWC input; strides default to the pool size (as in Keras). */
export const maxPool2d = (x: Tensor, poolSize: Pair = 2, strides?: Pair, padding: Padding = 'valid'): Tensor =>
  pool('max', x, poolSize, strides, padding);
export const avgPool2d = (x: Tensor, poolSize: Pair = 2, strides?: Pair, padding: Padding = 'valid'): Tensor =>
  pool('avg', x, poolSize, strides, padding);

/** Gradient of pooling (used by the gradient table; not recorded). */
export function pool2dBackward(kind: PoolOp, dy: Tensor, x: Tensor, spec: Pool2DSpec): Tensor {
  return new Tensor(backend().pool2dBackward(kind, dy.values as Float32Array, x.values as Float32Array, spec), x.shape);
}
