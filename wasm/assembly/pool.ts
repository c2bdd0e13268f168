// NHWC pooling, as the js backend's: windows clipped to the image, so padded cells never win a
// max and are not counted in an average. Geometry: Pool2DSpec's 12 fields as int32s at `spec`;
// images first..first+count. kind: 0 max, 1 avg. Four channels at a time (v128), the last
// channels % 4 one by one, with the same semantics: a NaN wins the forward max; backward, each
// window's gradient goes to its first maximum in row-major order.

// @ts-ignore: decorator
@inline
function field(spec: usize, i: i32): i32 {
  return load<i32>(spec + <usize>i * 4);
}

/** Byte offset of window cell (y, x) within an image, `lane` bytes into the channels. */
// @ts-ignore: decorator
@inline
function cell(y: i32, x: i32, inW: i32, c: i32, lane: usize): usize {
  return <usize>((y * inW + x) * c) * 4 + lane;
}

/** forward: out = pool(x); backward: out (dx, zeroed by the caller) += each window's gradient. */
function windows(kind: i32, forward: bool, x: usize, dy: usize, out: usize, spec: usize, first: i32, count: i32): void {
  const inH = field(spec, 1), inW = field(spec, 2), c = field(spec, 3), outH = field(spec, 4), outW = field(spec, 5);
  const pH = field(spec, 6), pW = field(spec, 7), sH = field(spec, 8), sW = field(spec, 9);
  const padTop = field(spec, 10), padLeft = field(spec, 11);
  for (let n = first; n < first + count; n++) {
    const image = <usize>(n * inH * inW * c) * 4;
    const xImage = x + image, outImage = out + image;
    for (let oy = 0; oy < outH; oy++) {
      const top = oy * sH - padTop;
      const y0 = max(0, top), y1 = min(inH, top + pH);
      for (let ox = 0; ox < outW; ox++) {
        const left = ox * sW - padLeft;
        const x0 = max(0, left), x1 = min(inW, left + pW);
        const o = <usize>(((n * outH + oy) * outW + ox) * c) * 4;
        const cells = <f32>((y1 - y0) * (x1 - x0));
        const empty = y1 <= y0 || x1 <= x0;
        let j = 0;
        for (; j + 4 <= c; j += 4) {
          const lane = <usize>j * 4;
          if (kind == 1 && forward) {
            let sum = f32x4.splat(0);
            for (let y = y0; y < y1; y++) for (let xx = x0; xx < x1; xx++) sum = f32x4.add(sum, v128.load(xImage + cell(y, xx, inW, c, lane)));
            v128.store(out + o + lane, f32x4.div(sum, f32x4.splat(cells)));
          } else if (kind == 1) {
            const g = f32x4.div(v128.load(dy + o + lane), f32x4.splat(cells));
            for (let y = y0; y < y1; y++) {
              for (let xx = x0; xx < x1; xx++) {
                const at = outImage + cell(y, xx, inW, c, lane);
                v128.store(at, f32x4.add(v128.load(at), g));
              }
            }
          } else if (forward) {
            let best = f32x4.splat(-Infinity);
            for (let y = y0; y < y1; y++) for (let xx = x0; xx < x1; xx++) best = f32x4.max(best, v128.load(xImage + cell(y, xx, inW, c, lane)));
            v128.store(out + o + lane, best);
          } else if (!empty) {
            // The first cell, then any strictly greater one: the first maximum (a leading NaN stays).
            let best = v128.load(xImage + cell(y0, x0, inW, c, lane));
            let at = i32x4.splat(<i32>cell(y0, x0, inW, c, lane));
            for (let y = y0; y < y1; y++) {
              for (let xx = x0; xx < x1; xx++) {
                const v = v128.load(xImage + cell(y, xx, inW, c, lane));
                const greater = f32x4.gt(v, best);
                best = v128.bitselect(v, best, greater);
                at = v128.bitselect(i32x4.splat(<i32>cell(y, xx, inW, c, lane)), at, greater);
              }
            }
            const g = v128.load(dy + o + lane);
            const a0 = outImage + <usize>i32x4.extract_lane(at, 0), a1 = outImage + <usize>i32x4.extract_lane(at, 1);
            const a2 = outImage + <usize>i32x4.extract_lane(at, 2), a3 = outImage + <usize>i32x4.extract_lane(at, 3);
            store<f32>(a0, load<f32>(a0) + f32x4.extract_lane(g, 0));
            store<f32>(a1 + 4, load<f32>(a1 + 4) + f32x4.extract_lane(g, 1));
            store<f32>(a2 + 8, load<f32>(a2 + 8) + f32x4.extract_lane(g, 2));
            store<f32>(a3 + 12, load<f32>(a3 + 12) + f32x4.extract_lane(g, 3));
          }
        }
        for (; j < c; j++) {
          const lane = <usize>j * 4;
          if (kind == 1 && forward) {
            let sum: f32 = 0;
            for (let y = y0; y < y1; y++) for (let xx = x0; xx < x1; xx++) sum += load<f32>(xImage + cell(y, xx, inW, c, lane));
            store<f32>(out + o + lane, sum / cells);
          } else if (kind == 1) {
            const g = load<f32>(dy + o + lane) / cells;
            for (let y = y0; y < y1; y++) {
              for (let xx = x0; xx < x1; xx++) {
                const at = outImage + cell(y, xx, inW, c, lane);
                store<f32>(at, load<f32>(at) + g);
              }
            }
          } else if (forward) {
            let best: f32 = -Infinity;
            for (let y = y0; y < y1; y++) {
              for (let xx = x0; xx < x1; xx++) {
                const v = load<f32>(xImage + cell(y, xx, inW, c, lane));
                if (v > best || isNaN(v)) best = v;
              }
            }
            store<f32>(out + o + lane, best);
          } else if (!empty) {
            let best = load<f32>(xImage + cell(y0, x0, inW, c, lane));
            let at = cell(y0, x0, inW, c, lane);
            for (let y = y0; y < y1; y++) {
              for (let xx = x0; xx < x1; xx++) {
                const v = load<f32>(xImage + cell(y, xx, inW, c, lane));
                if (v > best) {
                  best = v;
                  at = cell(y, xx, inW, c, lane);
                }
              }
            }
            store<f32>(outImage + at, load<f32>(outImage + at) + load<f32>(dy + o + lane));
          }
        }
      }
    }
  }
}

export function pool2d(kind: i32, x: usize, out: usize, spec: usize, first: i32, count: i32): void {
  windows(kind, true, x, 0, out, spec, first, count);
}

export function pool2dBackward(kind: i32, dy: usize, x: usize, dx: usize, spec: usize, first: i32, count: i32): void {
  windows(kind, false, x, dy, dx, spec, first, count);
}
