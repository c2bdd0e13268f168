// NHWC pooling, as the js backend's: windows clipped to the image, so padded cells never win a
// max and are not counted in an average. Geometry: Pool2DSpec's 12 fields as int32s at `spec`;
// images first..first+count. kind: 0 max, 1 avg.

// @ts-ignore: decorator
@inline
function field(spec: usize, i: i32): i32 {
  return load<i32>(spec + <usize>i * 4);
}

/** forward: out = pool(x); backward: dx += the gradient of each window (dx zeroed by the caller). */
function windows(kind: i32, forward: bool, x: usize, dy: usize, out: usize, spec: usize, first: i32, count: i32): void {
  const inH = field(spec, 1), inW = field(spec, 2), c = field(spec, 3), outH = field(spec, 4), outW = field(spec, 5);
  const pH = field(spec, 6), pW = field(spec, 7), sH = field(spec, 8), sW = field(spec, 9);
  const padTop = field(spec, 10), padLeft = field(spec, 11);
  for (let n = first; n < first + count; n++) {
    const image = <usize>(n * inH * inW * c) * 4;
    for (let oy = 0; oy < outH; oy++) {
      const top = oy * sH - padTop;
      const y0 = max(0, top), y1 = min(inH, top + pH);
      for (let ox = 0; ox < outW; ox++) {
        const left = ox * sW - padLeft;
        const x0 = max(0, left), x1 = min(inW, left + pW);
        const o = <usize>(((n * outH + oy) * outW + ox) * c) * 4;
        const cells = <f32>((y1 - y0) * (x1 - x0));
        for (let j = 0; j < c; j++) {
          const lane = <usize>j * 4;
          if (kind == 1) {
            if (forward) {
              let sum: f32 = 0;
              for (let y = y0; y < y1; y++) {
                for (let xx = x0; xx < x1; xx++) sum += load<f32>(x + image + <usize>((y * inW + xx) * c) * 4 + lane);
              }
              store<f32>(out + o + lane, sum / cells);
            } else {
              const g = load<f32>(dy + o + lane) / cells;
              for (let y = y0; y < y1; y++) {
                for (let xx = x0; xx < x1; xx++) {
                  const at = out + image + <usize>((y * inW + xx) * c) * 4 + lane;
                  store<f32>(at, load<f32>(at) + g);
                }
              }
            }
            continue;
          }
          let best: f32 = -Infinity;
          let bestAt: isize = -1;
          for (let y = y0; y < y1; y++) {
            for (let xx = x0; xx < x1; xx++) {
              const at = image + <usize>((y * inW + xx) * c) * 4 + lane;
              const v = load<f32>(x + at);
              // Forward: a NaN wins (it propagates); backward: the first maximum gets the gradient.
              if (bestAt < 0 || v > best || (forward && isNaN(v))) {
                best = v;
                bestAt = <isize>at;
              }
              if (forward && isNaN(v)) break;
            }
            if (forward && isNaN(best)) break;
          }
          if (forward) store<f32>(out + o + lane, bestAt < 0 ? -Infinity : best);
          else if (bestAt >= 0) store<f32>(out + <usize>bestAt, load<f32>(out + <usize>bestAt) + load<f32>(dy + o + lane));
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
