// The data movement around convolution as matrix products (NHWC input, HWIO filter): one row
// of the patch matrix per output pixel, fH * fW * inC long, so patches x filter is NHWC output.
// Geometry, as Conv2DSpec's fields in declaration order, is 15 int32s at `spec`.

// @ts-ignore: decorator
@inline
function field(spec: usize, i: i32): i32 {
  return load<i32>(spec + <usize>i * 4);
}

/**
 * Calls `visit` for every (patch element run, input pixel) pair in bounds: the patch matrix row
 * of images first..first+count at `patches`, `inC` floats each, and the pixel's channels in x.
 * forward = true copies x into patches (zeros where the window leaves the image); false adds
 * patches back into x (the gradient of that copy).
 */
function patchesOf(x: usize, patches: usize, spec: usize, first: i32, count: i32, forward: bool): void {
  const inH = field(spec, 1), inW = field(spec, 2), inC = field(spec, 3);
  const outH = field(spec, 4), outW = field(spec, 5);
  const fH = field(spec, 7), fW = field(spec, 8), sH = field(spec, 9), sW = field(spec, 10);
  const dH = field(spec, 11), dW = field(spec, 12), padTop = field(spec, 13), padLeft = field(spec, 14);
  const rowLength = fH * fW * inC;
  const bytes = <usize>inC * 4;
  if (forward) memory.fill(patches, 0, <usize>(count * outH * outW * rowLength) * 4);
  for (let n = 0; n < count; n++) {
    const image = x + <usize>((first + n) * inH * inW * inC) * 4;
    for (let oy = 0; oy < outH; oy++) {
      for (let ox = 0; ox < outW; ox++) {
        const row = patches + <usize>(((n * outH + oy) * outW + ox) * rowLength) * 4;
        for (let ky = 0; ky < fH; ky++) {
          const iy = oy * sH - padTop + ky * dH;
          if (iy < 0 || iy >= inH) continue;
          for (let kx = 0; kx < fW; kx++) {
            const ix = ox * sW - padLeft + kx * dW;
            if (ix < 0 || ix >= inW) continue;
            const p = row + <usize>((ky * fW + kx) * inC) * 4;
            const pixel = image + <usize>((iy * inW + ix) * inC) * 4;
            if (forward) {
              memory.copy(p, pixel, bytes);
            } else {
              let c = 0;
              for (; c + 4 <= inC; c += 4) {
                const at = <usize>c * 4;
                v128.store(pixel + at, f32x4.add(v128.load(pixel + at), v128.load(p + at)));
              }
              for (; c < inC; c++) {
                const at = <usize>c * 4;
                store<f32>(pixel + at, load<f32>(pixel + at) + load<f32>(p + at));
              }
            }
          }
        }
      }
    }
  }
}

/** The patch matrix of images first..first+count of x. */
export function im2col(x: usize, patches: usize, spec: usize, first: i32, count: i32): void {
  patchesOf(x, patches, spec, first, count, true);
}

/** Adds the patch-matrix gradient of images first..first+count into dx (zeroed by the caller). */
export function col2im(dPatches: usize, dx: usize, spec: usize, first: i32, count: i32): void {
  patchesOf(dx, dPatches, spec, first, count, false);
}
