import type { Conv2DSpec, Epilogue } from '../backend.js';
import { applyEpilogue } from './epilogue.js';
import { gemm } from './gemm.js';

/**
 * Convolution as matrix products, one image at a time so the patch matrix stays small:
 * patches (outH*outW x fH*fW*inC) x filter (fH*fW*inC x outC) = output (outH*outW x outC),
 * which is already NHWC because the filter is HWIO.
 */

/** Calls `visit(patchOffset, imageOffset)` for each in-bounds (patch element, input element) pair of one image. */
function forEachPatchElement(s: Conv2DSpec, visit: (patchRowStart: number, pixel: number) => void): void {
  const rowLength = s.filterHeight * s.filterWidth * s.inChannels;
  for (let oy = 0; oy < s.outHeight; oy++) {
    for (let ox = 0; ox < s.outWidth; ox++) {
      const row = (oy * s.outWidth + ox) * rowLength;
      for (let ky = 0; ky < s.filterHeight; ky++) {
        const iy = oy * s.strideHeight - s.padTop + ky * s.dilationHeight;
        if (iy < 0 || iy >= s.inHeight) continue;
        for (let kx = 0; kx < s.filterWidth; kx++) {
          const ix = ox * s.strideWidth - s.padLeft + kx * s.dilationWidth;
          if (ix < 0 || ix >= s.inWidth) continue;
          visit(row + (ky * s.filterWidth + kx) * s.inChannels, (iy * s.inWidth + ix) * s.inChannels);
        }
      }
    }
  }
}

function patchesOf(x: Float32Array, image: number, s: Conv2DSpec, patches: Float32Array): void {
  const base = image * s.inHeight * s.inWidth * s.inChannels;
  const c = s.inChannels;
  patches.fill(0);
  forEachPatchElement(s, (at, pixel) => patches.set(x.subarray(base + pixel, base + pixel + c), at));
}

function sizes(s: Conv2DSpec): { pixels: number; patchLength: number; inImage: number; outImage: number } {
  const pixels = s.outHeight * s.outWidth;
  const patchLength = s.filterHeight * s.filterWidth * s.inChannels;
  return { pixels, patchLength, inImage: s.inHeight * s.inWidth * s.inChannels, outImage: pixels * s.outChannels };
}

export function conv2d(x: Float32Array, filter: Float32Array, s: Conv2DSpec, epilogue: Epilogue = {}): Float32Array {
  const { pixels, patchLength, outImage } = sizes(s);
  const out = new Float32Array(s.batch * outImage);
  const patches = new Float32Array(pixels * patchLength);
  const w = { data: filter, offset: 0, transposed: false };
  for (let n = 0; n < s.batch; n++) {
    patchesOf(x, n, s, patches);
    gemm({ data: patches, offset: 0, transposed: false }, w, out, n * outImage, pixels, s.outChannels, patchLength, false);
  }
  return applyEpilogue(out, s.outChannels, epilogue);
}

export function conv2dBackwardInput(dy: Float32Array, filter: Float32Array, s: Conv2DSpec): Float32Array {
  const { pixels, patchLength, inImage, outImage } = sizes(s);
  const dx = new Float32Array(s.batch * inImage);
  const dPatches = new Float32Array(pixels * patchLength);
  const wT = { data: filter, offset: 0, transposed: true };
  const c = s.inChannels;
  for (let n = 0; n < s.batch; n++) {
    gemm({ data: dy, offset: n * outImage, transposed: false }, wT, dPatches, 0, pixels, patchLength, s.outChannels, false);
    const base = n * inImage;
    forEachPatchElement(s, (at, pixel) => {
      for (let j = 0; j < c; j++) dx[base + pixel + j]! += dPatches[at + j]!;
    });
  }
  return dx;
}

export function conv2dBackwardFilter(x: Float32Array, dy: Float32Array, s: Conv2DSpec): Float32Array {
  const { pixels, patchLength, outImage } = sizes(s);
  const dw = new Float32Array(patchLength * s.outChannels);
  const patches = new Float32Array(pixels * patchLength);
  for (let n = 0; n < s.batch; n++) {
    patchesOf(x, n, s, patches);
    gemm(
      { data: patches, offset: 0, transposed: true },
      { data: dy, offset: n * outImage, transposed: false },
      dw, 0, patchLength, s.outChannels, pixels, true,
    );
  }
  return dw;
}
