// The data movement around convolution as matrix products (NHWC input, HWIO filter): one row
// of the patch matrix per output pixel, fH * fW * inC long, so patches x filter is NHWC output.
// Geometry, as Conv2DSpec's fields in declaration order, is 15 int32s at `spec`.

// @ts-ignore: decorator
@inline
function field(spec: usize, i: i32): i32 {
  return load<i32>(spec + <usize>i * 4);
}

/** forward: copies `floats` floats from `pixel` to `patch`; backward: adds them from `patch` into `pixel`. */
// @ts-ignore: decorator
@inline
function move(forward: bool, patch: usize, pixel: usize, floats: i32): void {
  if (forward) {
    memory.copy(patch, pixel, <usize>floats * 4);
    return;
  }
  let c = 0;
  for (; c + 4 <= floats; c += 4) {
    const at = <usize>c * 4;
    v128.store(pixel + at, f32x4.add(v128.load(pixel + at), v128.load(patch + at)));
  }
  for (; c < floats; c++) {
    const at = <usize>c * 4;
    store<f32>(pixel + at, load<f32>(pixel + at) + load<f32>(patch + at));
  }
}

/**
 * Moves data between images first..first+count of x and their patch-matrix rows at `patches`:
 * forward = true copies x into patches (zeros where the window leaves the image); false adds
 * patches back into x (the gradient of that copy). A filter row's in-bounds cells are one run
 * of contiguous floats in both when the dilation is 1, so they move together.
 */
function patchesOf(x: usize, patches: usize, spec: usize, first: i32, count: i32, forward: bool): void {
  const inH = field(spec, 1), inW = field(spec, 2), inC = field(spec, 3);
  const outH = field(spec, 4), outW = field(spec, 5);
  const fH = field(spec, 7), fW = field(spec, 8), sH = field(spec, 9), sW = field(spec, 10);
  const dH = field(spec, 11), dW = field(spec, 12), padTop = field(spec, 13), padLeft = field(spec, 14);
  const rowLength = fH * fW * inC;
  if (forward) memory.fill(patches, 0, <usize>(count * outH * outW * rowLength) * 4);
  for (let n = 0; n < count; n++) {
    const image = x + <usize>((first + n) * inH * inW * inC) * 4;
    for (let oy = 0; oy < outH; oy++) {
      for (let ox = 0; ox < outW; ox++) {
        const row = patches + <usize>(((n * outH + oy) * outW + ox) * rowLength) * 4;
        const left = ox * sW - padLeft;
        // In-bounds kx: 0 <= left + kx dW < inW.
        const kx0 = left >= 0 ? 0 : (-left + dW - 1) / dW;
        const kx1 = min(fW, (inW - left + dW - 1) / dW);
        if (kx1 <= kx0) continue;
        for (let ky = 0; ky < fH; ky++) {
          const iy = oy * sH - padTop + ky * dH;
          if (iy < 0 || iy >= inH) continue;
          const patch = row + <usize>((ky * fW + kx0) * inC) * 4;
          const pixel = image + <usize>((iy * inW + left + kx0 * dW) * inC) * 4;
          if (dW == 1) {
            move(forward, patch, pixel, (kx1 - kx0) * inC);
          } else {
            for (let kx = kx0; kx < kx1; kx++) {
              move(forward, patch + <usize>((kx - kx0) * inC) * 4, pixel + <usize>((kx - kx0) * dW * inC) * 4, inC);
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
