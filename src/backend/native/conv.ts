import type { Backend, Conv2DSpec, Pool2DSpec } from '../backend.js';
import { jsBackend } from '../js/index.js';
import { output } from './output.js';
import type { NativeAddon } from './addon.js';
import { ACTIVATION, POOL } from './codes.js';

/** The spec as the addon reads it: its fields in declaration order. */
const packConv = (s: Conv2DSpec): Int32Array => Int32Array.of(
  s.batch, s.inHeight, s.inWidth, s.inChannels, s.outHeight, s.outWidth, s.outChannels,
  s.filterHeight, s.filterWidth, s.strideHeight, s.strideWidth, s.dilationHeight, s.dilationWidth, s.padTop, s.padLeft,
);

const packPool = (s: Pool2DSpec): Int32Array => Int32Array.of(
  s.batch, s.inHeight, s.inWidth, s.channels, s.outHeight, s.outWidth,
  s.poolHeight, s.poolWidth, s.strideHeight, s.strideWidth, s.padTop, s.padLeft,
);

type ConvKernels = Pick<Backend, 'conv2d' | 'conv2dBackwardInput' | 'conv2dBackwardFilter' | 'pool2d' | 'pool2dBackward'>;

/** oneDNN refuses empty dimensions: an empty batch or no channels goes to the js kernels. */
const emptyConv = (s: Conv2DSpec): boolean => s.batch === 0 || s.inChannels === 0 || s.outChannels === 0;
const emptyPool = (s: Pool2DSpec): boolean => s.batch === 0 || s.channels === 0;

/** Convolution and pooling on oneDNN (NHWC data, HWIO filters, as the interface specifies). */
export function nativeConv(addon: NativeAddon): ConvKernels {
  return {
    conv2d(x, filter, s, epilogue = {}) {
      if (emptyConv(s)) return jsBackend.conv2d(x, filter, s, epilogue);
      const out = output(s.batch * s.outHeight * s.outWidth * s.outChannels);
      addon.conv2d(x, filter, out, packConv(s), epilogue.bias, ACTIVATION[epilogue.activation ?? 'linear']);
      return out;
    },
    conv2dBackwardInput(dy, filter, s) {
      if (emptyConv(s)) return jsBackend.conv2dBackwardInput(dy, filter, s);
      const dx = output(s.batch * s.inHeight * s.inWidth * s.inChannels);
      addon.conv2dBackwardInput(dy, filter, dx, packConv(s));
      return dx;
    },
    conv2dBackwardFilter(x, dy, s) {
      if (emptyConv(s)) return jsBackend.conv2dBackwardFilter(x, dy, s);
      const dFilter = output(s.filterHeight * s.filterWidth * s.inChannels * s.outChannels);
      addon.conv2dBackwardFilter(x, dy, dFilter, packConv(s));
      return dFilter;
    },
    pool2d(op, x, s) {
      if (emptyPool(s)) return jsBackend.pool2d(op, x, s);
      const out = output(s.batch * s.outHeight * s.outWidth * s.channels);
      addon.pool2d(POOL[op], x, out, packPool(s));
      return out;
    },
    pool2dBackward(op, dy, x, s) {
      if (emptyPool(s)) return jsBackend.pool2dBackward(op, dy, x, s);
      const dx = output(x.length);
      addon.pool2dBackward(POOL[op], dy, x, dx, packPool(s));
      return dx;
    },
  };
}
