/**
 * Float64 references for the backward kernels (conv2d input and filter gradients, pooling
 * gradients, scatter-add), in the style of reference.ts: one output element at a time, loops
 * written straight from the definition, sharing nothing with the backends they check.
 *
 * The geometry is given explicitly (leading padding and output size, as the kernels receive it),
 * so any padding, including an uneven split, can be described. The forward references these are
 * the adjoints of live in reference.ts; test/backend/referenceBackward.test.ts checks the pairing.
 */
import type { NDArray, RefPadding } from './reference.js';

export interface WindowGeometry {
  /** Output height and width. */
  out: [number, number];
  strides: [number, number];
  /** Rows above and columns left of the image that the first window starts in. */
  padBefore: [number, number];
}

export interface ConvGeometry extends WindowGeometry {
  dilations: [number, number];
}

export interface PoolGeometry extends WindowGeometry {
  size: [number, number];
}

/**
 * Output size and leading padding of one spatial axis for a padding as reference.ts takes it
 * (TF's formulas: 'same' gives ceil(input / stride) outputs and puts the odd cell after).
 */
export function outAndPad(input: number, extent: number, stride: number, padding: RefPadding): { out: number; before: number } {
  if (padding === 'same') {
    const out = Math.ceil(input / stride);
    return { out, before: Math.floor(Math.max(0, (out - 1) * stride + extent - input) / 2) };
  }
  const before = padding === 'valid' ? 0 : padding;
  return { out: Math.floor((input + 2 * before - extent) / stride) + 1, before };
}

function zeros(shape: number[]): NDArray {
  return { data: new Float64Array(shape.reduce((a, b) => a * b, 1)), shape };
}

/** Flat index of NHWC / HWIO coordinates. */
const at4 = (shape: readonly number[], a: number, b: number, c: number, d: number): number =>
  ((a * shape[1]! + b) * shape[2]! + c) * shape[3]! + d;

/**
 * Gradient of conv2d with respect to its input: for each input element, the sum over every
 * (output position, filter tap, output channel) whose window reads that element.
 * `dy` is NHWC `[n, outH, outW, outC]`, `w` HWIO `[fh, fw, inC, outC]`.
 */
export function conv2dBackwardInput(dy: NDArray, w: NDArray, inSize: [number, number], g: ConvGeometry): NDArray {
  const [n, oh, ow, oc] = dy.shape as [number, number, number, number];
  const [fh, fw, ic] = w.shape as [number, number, number, number];
  const [h, wd] = inSize;
  const dx = zeros([n, h, wd, ic]);
  for (let b = 0; b < n; b++) {
    for (let iy = 0; iy < h; iy++) {
      for (let ix = 0; ix < wd; ix++) {
        for (let ci = 0; ci < ic; ci++) {
          let s = 0;
          for (let oy = 0; oy < oh; oy++) {
            for (let ox = 0; ox < ow; ox++) {
              for (let ky = 0; ky < fh; ky++) {
                if (oy * g.strides[0] - g.padBefore[0] + ky * g.dilations[0] !== iy) continue;
                for (let kx = 0; kx < fw; kx++) {
                  if (ox * g.strides[1] - g.padBefore[1] + kx * g.dilations[1] !== ix) continue;
                  for (let o = 0; o < oc; o++) {
                    s += dy.data[at4(dy.shape, b, oy, ox, o)]! * w.data[at4(w.shape, ky, kx, ci, o)]!;
                  }
                }
              }
            }
          }
          dx.data[at4(dx.shape, b, iy, ix, ci)] = s;
        }
      }
    }
  }
  return dx;
}

/**
 * Gradient of conv2d with respect to its filter: for each filter tap, the sum over images and
 * output positions of (input element the tap reads there) x (output gradient); padding reads 0.
 * `x` is NHWC `[n, h, w, inC]`, `dy` NHWC `[n, outH, outW, outC]`; the result is HWIO.
 */
export function conv2dBackwardFilter(x: NDArray, dy: NDArray, filterSize: [number, number], g: ConvGeometry): NDArray {
  const [n, h, wd, ic] = x.shape as [number, number, number, number];
  const [, oh, ow, oc] = dy.shape as [number, number, number, number];
  const [fh, fw] = filterSize;
  const dw = zeros([fh, fw, ic, oc]);
  for (let ky = 0; ky < fh; ky++) {
    for (let kx = 0; kx < fw; kx++) {
      for (let ci = 0; ci < ic; ci++) {
        for (let o = 0; o < oc; o++) {
          let s = 0;
          for (let b = 0; b < n; b++) {
            for (let oy = 0; oy < oh; oy++) {
              for (let ox = 0; ox < ow; ox++) {
                const iy = oy * g.strides[0] - g.padBefore[0] + ky * g.dilations[0];
                const ix = ox * g.strides[1] - g.padBefore[1] + kx * g.dilations[1];
                if (iy < 0 || iy >= h || ix < 0 || ix >= wd) continue;
                s += x.data[at4(x.shape, b, iy, ix, ci)]! * dy.data[at4(dy.shape, b, oy, ox, o)]!;
              }
            }
          }
          dw.data[at4(dw.shape, ky, kx, ci, o)] = s;
        }
      }
    }
  }
  return dw;
}

/** The in-bounds cells of one pooling window, in row-major window order, as [y, x] pairs. */
function windowCells(oy: number, ox: number, h: number, wd: number, g: PoolGeometry): [number, number][] {
  const cells: [number, number][] = [];
  for (let ky = 0; ky < g.size[0]; ky++) {
    for (let kx = 0; kx < g.size[1]; kx++) {
      const iy = oy * g.strides[0] - g.padBefore[0] + ky;
      const ix = ox * g.strides[1] - g.padBefore[1] + kx;
      if (iy >= 0 && iy < h && ix >= 0 && ix < wd) cells.push([iy, ix]);
    }
  }
  return cells;
}

/**
 * Gradient of max or average pooling (padded cells ignored / not counted, as in TF), NHWC.
 * Max: each window's gradient goes to its first maximum in row-major window order.
 * Average: each window's gradient is shared equally by its in-bounds cells.
 */
export function pool2dBackward(kind: 'max' | 'avg', dy: NDArray, x: NDArray, g: PoolGeometry): NDArray {
  const [n, h, wd, c] = x.shape as [number, number, number, number];
  const [, oh, ow] = dy.shape as [number, number, number, number];
  const dx = zeros(x.shape.slice());
  for (let b = 0; b < n; b++) {
    for (let oy = 0; oy < oh; oy++) {
      for (let ox = 0; ox < ow; ox++) {
        const cells = windowCells(oy, ox, h, wd, g);
        for (let ch = 0; ch < c; ch++) {
          const grad = dy.data[at4(dy.shape, b, oy, ox, ch)]!;
          if (kind === 'avg') {
            for (const [iy, ix] of cells) dx.data[at4(x.shape, b, iy, ix, ch)]! += grad / cells.length;
            continue;
          }
          let best: [number, number] | undefined;
          let bestValue = -Infinity;
          for (const [iy, ix] of cells) {
            const v = x.data[at4(x.shape, b, iy, ix, ch)]!;
            if (best === undefined || v > bestValue) {
              best = [iy, ix];
              bestValue = v;
            }
          }
          if (best !== undefined) dx.data[at4(x.shape, b, best[0], best[1], ch)]! += grad;
        }
      }
    }
  }
  return dx;
}

/**
 * Inverse of gather for gradients: `dy` has `indices.length` entries along `axis`; entry `i`
 * is added into slot `indices[i]` of an output with `size` slots there (repeats accumulate).
 */
export function scatterAdd(dy: NDArray, indices: ArrayLike<number>, axis: number, size: number): NDArray {
  const shape = dy.shape.slice();
  shape[axis] = size;
  const out = zeros(shape);
  const outer = dy.shape.slice(0, axis).reduce((a, b) => a * b, 1);
  const inner = dy.shape.slice(axis + 1).reduce((a, b) => a * b, 1);
  for (let o = 0; o < outer; o++) {
    for (let slot = 0; slot < size; slot++) {
      for (let j = 0; j < inner; j++) {
        let s = 0;
        for (let i = 0; i < indices.length; i++) {
          if (indices[i] === slot) s += dy.data[(o * indices.length + i) * inner + j]!;
        }
        out.data[(o * size + slot) * inner + j] = s;
      }
    }
  }
  return out;
}
