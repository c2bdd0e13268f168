// C (m x n, row stride ldc) = A (m x k) x B (k x n), or C += when `accumulate`. Element (i, p)
// of A is at a + 4 (i ars + p acs) and (p, j) of B at b + 4 (p brs + j bcs), so transposed and
// row/column sub-blocks need no copies before the call: packing reads them in place.
//
// BLIS-style blocking: a KC x NC block of B is packed into panels of 16 columns, an MC x KC
// block of A into panels of 2 rows, and a 2x16 micro-kernel keeps its 8 accumulators (2 rows x
// 4 v128) in registers. Tiles with more accumulators spill in V8 and run at half speed.

const MR = 2;
const NR = 16;
const KC = 256;
const MC = 128;
const NC = 512;

/** Bytes of scratch one `gemm` call needs: the packed A and B blocks and an edge tile. */
export function gemmScratchBytes(): i32 {
  return (MC * KC + KC * NC + MR * NR) * 4;
}

/** B's rows pc..pc+kc, columns jc..jc+nc, as panels of 16 columns (zero padded), [panel][p][16]. */
function packB(b: usize, brs: i32, bcs: i32, pc: i32, jc: i32, kc: i32, nc: i32, dst: usize): void {
  for (let j0 = 0; j0 < nc; j0 += NR) {
    const cols = min(NR, nc - j0);
    const panel = dst + <usize>(j0 * kc) * 4;
    if (cols == NR && bcs == 1) {
      for (let p = 0; p < kc; p++) {
        const src = b + <usize>((pc + p) * brs + jc + j0) * 4;
        const to = panel + <usize>(p * NR) * 4;
        v128.store(to, v128.load(src));
        v128.store(to, v128.load(src, 16), 16);
        v128.store(to, v128.load(src, 32), 32);
        v128.store(to, v128.load(src, 48), 48);
      }
    } else {
      for (let p = 0; p < kc; p++) {
        const to = panel + <usize>(p * NR) * 4;
        const row = b + <usize>((pc + p) * brs) * 4;
        for (let j = 0; j < NR; j++) {
          const v: f32 = j < cols ? load<f32>(row + <usize>((jc + j0 + j) * bcs) * 4) : 0;
          store<f32>(to + <usize>j * 4, v);
        }
      }
    }
  }
}

/** A's rows ic..ic+mc, columns pc..pc+kc, as panels of 2 rows (zero padded), [panel][p][2]. */
function packA(a: usize, ars: i32, acs: i32, ic: i32, pc: i32, mc: i32, kc: i32, dst: usize): void {
  for (let i0 = 0; i0 < mc; i0 += MR) {
    const panel = dst + <usize>(i0 * kc) * 4;
    const r0 = a + <usize>((ic + i0) * ars + pc * acs) * 4;
    if (i0 + 1 < mc) {
      const r1 = r0 + <usize>ars * 4;
      for (let p = 0; p < kc; p++) {
        const off = <usize>(p * acs) * 4;
        store<f32>(panel + <usize>(p * 2) * 4, load<f32>(r0 + off));
        store<f32>(panel + <usize>(p * 2 + 1) * 4, load<f32>(r1 + off));
      }
    } else {
      for (let p = 0; p < kc; p++) {
        store<f32>(panel + <usize>(p * 2) * 4, load<f32>(r0 + <usize>(p * acs) * 4));
        store<f32>(panel + <usize>(p * 2 + 1) * 4, 0);
      }
    }
  }
}

/** The 2x16 tile at `c` (row stride ldc floats) += (or =, unless `add`) packed A panel x packed B panel over kc. */
// @ts-ignore: decorator
@inline
function kernel(pa: usize, pb: usize, kc: i32, c: usize, ldc: i32, add: bool): void {
  const c1 = c + <usize>ldc * 4;
  let x0 = f32x4.splat(0), x1 = f32x4.splat(0), x2 = f32x4.splat(0), x3 = f32x4.splat(0);
  let y0 = f32x4.splat(0), y1 = f32x4.splat(0), y2 = f32x4.splat(0), y3 = f32x4.splat(0);
  if (add) {
    x0 = v128.load(c); x1 = v128.load(c, 16); x2 = v128.load(c, 32); x3 = v128.load(c, 48);
    y0 = v128.load(c1); y1 = v128.load(c1, 16); y2 = v128.load(c1, 32); y3 = v128.load(c1, 48);
  }
  for (let p = 0; p < kc; p++) {
    const b0 = v128.load(pb), b1 = v128.load(pb, 16), b2 = v128.load(pb, 32), b3 = v128.load(pb, 48);
    const a0 = v128.load32_splat(pa), a1 = v128.load32_splat(pa, 4);
    x0 = f32x4.add(x0, f32x4.mul(a0, b0));
    x1 = f32x4.add(x1, f32x4.mul(a0, b1));
    x2 = f32x4.add(x2, f32x4.mul(a0, b2));
    x3 = f32x4.add(x3, f32x4.mul(a0, b3));
    y0 = f32x4.add(y0, f32x4.mul(a1, b0));
    y1 = f32x4.add(y1, f32x4.mul(a1, b1));
    y2 = f32x4.add(y2, f32x4.mul(a1, b2));
    y3 = f32x4.add(y3, f32x4.mul(a1, b3));
    pa += 8;
    pb += 64;
  }
  v128.store(c, x0); v128.store(c, x1, 16); v128.store(c, x2, 32); v128.store(c, x3, 48);
  v128.store(c1, y0); v128.store(c1, y1, 16); v128.store(c1, y2, 32); v128.store(c1, y3, 48);
}

/** A partial tile (fewer than 2 rows or 16 columns of C) goes through a full 2x16 tile in scratch. */
function edgeTile(pa: usize, pb: usize, kc: i32, c: usize, ldc: i32, rows: i32, cols: i32, add: bool, tile: usize): void {
  if (add) {
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < cols; j++) store<f32>(tile + <usize>(i * NR + j) * 4, load<f32>(c + <usize>(i * ldc + j) * 4));
    }
  }
  kernel(pa, pb, kc, tile, NR, add);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) store<f32>(c + <usize>(i * ldc + j) * 4, load<f32>(tile + <usize>(i * NR + j) * 4));
  }
}

/**
 * One row of C (m = 1: a prediction for one sample) straight from row-major B: packing B would
 * cost as much as the product, which reads each element of B once anyway.
 */
function rowTimesMatrix(a: usize, acs: i32, b: usize, brs: i32, c: usize, n: i32, k: i32, accumulate: bool): void {
  let j = 0;
  for (; j + NR <= n; j += NR) {
    const out = c + <usize>j * 4;
    let x0 = f32x4.splat(0), x1 = f32x4.splat(0), x2 = f32x4.splat(0), x3 = f32x4.splat(0);
    if (accumulate) {
      x0 = v128.load(out); x1 = v128.load(out, 16); x2 = v128.load(out, 32); x3 = v128.load(out, 48);
    }
    let row = b + <usize>j * 4;
    for (let p = 0; p < k; p++) {
      const av = v128.load32_splat(a + <usize>(p * acs) * 4);
      x0 = f32x4.add(x0, f32x4.mul(av, v128.load(row)));
      x1 = f32x4.add(x1, f32x4.mul(av, v128.load(row, 16)));
      x2 = f32x4.add(x2, f32x4.mul(av, v128.load(row, 32)));
      x3 = f32x4.add(x3, f32x4.mul(av, v128.load(row, 48)));
      row += <usize>brs * 4;
    }
    v128.store(out, x0); v128.store(out, x1, 16); v128.store(out, x2, 32); v128.store(out, x3, 48);
  }
  for (; j < n; j++) {
    let sum: f32 = accumulate ? load<f32>(c + <usize>j * 4) : 0;
    for (let p = 0; p < k; p++) sum += load<f32>(a + <usize>(p * acs) * 4) * load<f32>(b + <usize>(p * brs + j) * 4);
    store<f32>(c + <usize>j * 4, sum);
  }
}

export function gemm(
  a: usize, ars: i32, acs: i32, b: usize, brs: i32, bcs: i32, c: usize, ldc: i32,
  m: i32, n: i32, k: i32, accumulate: bool, scratch: usize,
): void {
  if (m <= 0 || n <= 0) return;
  if (k <= 0) {
    if (!accumulate) for (let i = 0; i < m; i++) memory.fill(c + <usize>(i * ldc) * 4, 0, <usize>n * 4);
    return;
  }
  if (m == 1 && bcs == 1) {
    rowTimesMatrix(a, acs, b, brs, c, n, k, accumulate);
    return;
  }
  const packedA = scratch;
  const packedB = packedA + <usize>(MC * KC) * 4;
  const tile = packedB + <usize>(KC * NC) * 4;
  for (let jc = 0; jc < n; jc += NC) {
    const nc = min(NC, n - jc);
    for (let pc = 0; pc < k; pc += KC) {
      const kc = min(KC, k - pc);
      const add = accumulate || pc > 0;
      packB(b, brs, bcs, pc, jc, kc, nc, packedB);
      for (let ic = 0; ic < m; ic += MC) {
        const mc = min(MC, m - ic);
        packA(a, ars, acs, ic, pc, mc, kc, packedA);
        for (let j0 = 0; j0 < nc; j0 += NR) {
          const cols = min(NR, nc - j0);
          const pb = packedB + <usize>(j0 * kc) * 4;
          for (let i0 = 0; i0 < mc; i0 += MR) {
            const rows = min(MR, mc - i0);
            const pa = packedA + <usize>(i0 * kc) * 4;
            const at = c + <usize>((ic + i0) * ldc + jc + j0) * 4;
            if (rows == MR && cols == NR) kernel(pa, pb, kc, at, ldc, add);
            else edgeTile(pa, pb, kc, at, ldc, rows, cols, add, tile);
          }
        }
      }
    }
  }
}
