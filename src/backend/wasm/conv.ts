import type { Backend, Conv2DSpec, Pool2DSpec } from '../backend.js';
import { jsBackend } from '../js/index.js';
import { emptyConv, emptyPool, packConv, packPool } from '../specs.js';
import { ACTIVATION, POOL } from './codes.js';
import { gemm, perItem } from './gemm.js';
import type { WasmRuntime } from './runtime.js';

type ConvKernels = Pick<Backend, 'conv2d' | 'conv2dBackwardInput' | 'conv2dBackwardFilter' | 'pool2d' | 'pool2dBackward'>;

/** The patch matrix of a chunk of images stays under this many floats (64 MiB). */
const PATCH_FLOATS = 1 << 24;

interface Geometry {
  pixels: number;
  patchLength: number;
  inImage: number;
  outImage: number;
  /** Images per chunk of the patch matrix. */
  chunk: number;
}

function geometry(s: Conv2DSpec): Geometry {
  const pixels = s.outHeight * s.outWidth;
  const patchLength = s.filterHeight * s.filterWidth * s.inChannels;
  const chunk = Math.max(1, Math.min(s.batch, Math.floor(PATCH_FLOATS / Math.max(1, pixels * patchLength))));
  return { pixels, patchLength, inImage: s.inHeight * s.inWidth * s.inChannels, outImage: pixels * s.outChannels, chunk };
}

/** Calls `visit(first, count)` for each chunk of images. */
function forEachChunk(s: Conv2DSpec, g: Geometry, visit: (first: number, count: number) => void): void {
  for (let first = 0; first < s.batch; first += g.chunk) visit(first, Math.min(g.chunk, s.batch - first));
}

/**
 * Convolution as matrix products over chunks of images: the patch matrix (one row per output
 * pixel) times the HWIO filter is the NHWC output; the backward passes are the same product
 * with a transposed operand, and col2im folds patch gradients back into the input's.
 */
export function wasmConv(rt: WasmRuntime): ConvKernels {
  const { arena, kernels } = rt;
  /** Per chunk of images: its patch matrix (im2col, images split over the threads), then `visit`. */
  const overPatches = (px: number, spec: number, s: Conv2DSpec, g: Geometry, visit: (first: number, count: number, patches: number) => void): void => {
    const patches = arena.alloc(g.chunk * g.pixels * g.patchLength * 4);
    forEachChunk(s, g, (first, count) => {
      perItem(rt, count, count * g.pixels * g.patchLength, (f, c) => ({ kernel: 'im2col', args: [px, patches + f * g.pixels * g.patchLength * 4, spec, first + f, c] }));
      visit(first, count, patches);
    });
  };
  return {
    conv2d(x, filter, s, epilogue = {}) {
      if (emptyConv(s)) return jsBackend.conv2d(x, filter, s, epilogue);
      const g = geometry(s);
      arena.reset();
      const px = arena.put(x), pf = arena.put(filter), spec = arena.put(packConv(s));
      const out = arena.alloc(s.batch * g.outImage * 4);
      overPatches(px, spec, s, g, (first, count, patches) => {
        gemm(rt, {
          a: patches, ars: g.patchLength, acs: 1, b: pf, brs: s.outChannels, bcs: 1,
          c: out + first * g.outImage * 4, ldc: s.outChannels, m: count * g.pixels, n: s.outChannels, k: g.patchLength, accumulate: false,
        });
      });
      const activation = ACTIVATION[epilogue.activation ?? 'linear'];
      if (epilogue.bias !== undefined || activation !== 0) {
        kernels.biasActivation(out, s.batch * g.pixels, s.outChannels, epilogue.bias === undefined ? 0 : arena.put(epilogue.bias), activation);
      }
      return arena.take(out, s.batch * g.outImage);
    },
    conv2dBackwardInput(dy, filter, s) {
      if (emptyConv(s)) return jsBackend.conv2dBackwardInput(dy, filter, s);
      const g = geometry(s);
      arena.reset();
      const pdy = arena.put(dy), pf = arena.put(filter), spec = arena.put(packConv(s));
      const dx = arena.alloc(s.batch * g.inImage * 4);
      arena.f32.fill(0, dx / 4, dx / 4 + s.batch * g.inImage);
      const dPatches = arena.alloc(g.chunk * g.pixels * g.patchLength * 4);
      forEachChunk(s, g, (first, count) => {
        // dPatches = dy x filterᵀ: the filter read as [outC, patchLength].
        gemm(rt, {
          a: pdy + first * g.outImage * 4, ars: s.outChannels, acs: 1, b: pf, brs: 1, bcs: s.outChannels,
          c: dPatches, ldc: g.patchLength, m: count * g.pixels, n: g.patchLength, k: s.outChannels, accumulate: false,
        });
        perItem(rt, count, count * g.pixels * g.patchLength, (f, c) => ({
          kernel: 'col2im', args: [dPatches + f * g.pixels * g.patchLength * 4, dx, spec, first + f, c],
        }));
      });
      return arena.take(dx, s.batch * g.inImage);
    },
    conv2dBackwardFilter(x, dy, s) {
      if (emptyConv(s)) return jsBackend.conv2dBackwardFilter(x, dy, s);
      const g = geometry(s);
      arena.reset();
      const px = arena.put(x), pdy = arena.put(dy), spec = arena.put(packConv(s));
      const dw = arena.alloc(g.patchLength * s.outChannels * 4);
      overPatches(px, spec, s, g, (first, count, patches) => {
        // dw (+)= patchesᵀ x dy over the chunk's pixels.
        gemm(rt, {
          a: patches, ars: 1, acs: g.patchLength, b: pdy + first * g.outImage * 4, brs: s.outChannels, bcs: 1,
          c: dw, ldc: s.outChannels, m: g.patchLength, n: s.outChannels, k: count * g.pixels, accumulate: first > 0,
        });
      });
      return arena.take(dw, g.patchLength * s.outChannels);
    },
    pool2d(op, x, s) {
      if (emptyPool(s)) return jsBackend.pool2d(op, x, s);
      arena.reset();
      const px = arena.put(x), spec = arena.put(packPool(s));
      const size = s.batch * s.outHeight * s.outWidth * s.channels;
      const out = arena.alloc(size * 4);
      perItem(rt, s.batch, x.length, (first, count) => ({ kernel: 'pool2d', args: [POOL[op], px, out, spec, first, count] }));
      return arena.take(out, size);
    },
    pool2dBackward(op, dy, x, s) {
      if (emptyPool(s)) return jsBackend.pool2dBackward(op, dy, x, s);
      arena.reset();
      const pdy = arena.put(dy), px = arena.put(x), spec = arena.put(packPool(s));
      const dx = arena.alloc(x.length * 4);
      arena.f32.fill(0, dx / 4, dx / 4 + x.length);
      perItem(rt, s.batch, x.length, (first, count) => ({ kernel: 'pool2dBackward', args: [POOL[op], pdy, px, dx, spec, first, count] }));
      return arena.take(dx, x.length);
    },
  };
}
