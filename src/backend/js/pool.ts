import type { Pool2DSpec, PoolOp } from '../backend.js';

/**
 * NHWC pooling. Windows are clipped to the image, so padded cells never win a max and are not
 * counted in an average (TF's convention for 'same' padding).
 */
function forEachWindow(
  s: Pool2DSpec,
  visit: (inBase: number, outBase: number, y0: number, y1: number, x0: number, x1: number) => void,
): void {
  const c = s.channels;
  for (let n = 0; n < s.batch; n++) {
    const inBase = n * s.inHeight * s.inWidth * c;
    for (let oy = 0; oy < s.outHeight; oy++) {
      const top = oy * s.strideHeight - s.padTop;
      const y0 = Math.max(0, top), y1 = Math.min(s.inHeight, top + s.poolHeight);
      for (let ox = 0; ox < s.outWidth; ox++) {
        const left = ox * s.strideWidth - s.padLeft;
        const x0 = Math.max(0, left), x1 = Math.min(s.inWidth, left + s.poolWidth);
        visit(inBase, ((n * s.outHeight + oy) * s.outWidth + ox) * c, y0, y1, x0, x1);
      }
    }
  }
}

export function pool2d(op: PoolOp, x: Float32Array, s: Pool2DSpec): Float32Array {
  const c = s.channels;
  const out = new Float32Array(s.batch * s.outHeight * s.outWidth * c);
  out.fill(op === 'max' ? -Infinity : 0);
  forEachWindow(s, (inBase, outBase, y0, y1, x0, x1) => {
    for (let y = y0; y < y1; y++) {
      for (let xx = x0; xx < x1; xx++) {
        const at = inBase + (y * s.inWidth + xx) * c;
        for (let j = 0; j < c; j++) {
          const v = x[at + j]!;
          const o = outBase + j;
          if (op === 'avg') out[o]! += v;
          else if (v > out[o]! || Number.isNaN(v)) out[o] = v;
        }
      }
    }
    if (op === 'avg') {
      const count = (y1 - y0) * (x1 - x0);
      for (let j = 0; j < c; j++) out[outBase + j]! /= count;
    }
  });
  return out;
}

export function pool2dBackward(op: PoolOp, dy: Float32Array, x: Float32Array, s: Pool2DSpec): Float32Array {
  const c = s.channels;
  const dx = new Float32Array(x.length);
  forEachWindow(s, (inBase, outBase, y0, y1, x0, x1) => {
    if (op === 'avg') {
      const count = (y1 - y0) * (x1 - x0);
      for (let y = y0; y < y1; y++) {
        for (let xx = x0; xx < x1; xx++) {
          const at = inBase + (y * s.inWidth + xx) * c;
          for (let j = 0; j < c; j++) dx[at + j]! += dy[outBase + j]! / count;
        }
      }
      return;
    }
    for (let j = 0; j < c; j++) {
      let best = -Infinity;
      let bestAt = -1;
      for (let y = y0; y < y1; y++) {
        for (let xx = x0; xx < x1; xx++) {
          const at = inBase + (y * s.inWidth + xx) * c + j;
          if (bestAt < 0 || x[at]! > best) {
            best = x[at]!;
            bestAt = at;
          }
        }
      }
      if (bestAt >= 0) dx[bestAt]! += dy[outBase + j]!;
    }
  });
  return dx;
}
