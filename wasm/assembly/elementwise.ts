// Float32 unary and binary kernels. Op codes are the positions in UNARY_OPS / BINARY_OPS of
// src/backend/backend.ts. Transcendental functions run in f64 and round once, as the js backend
// does, so results (NaN, infinities, signed zeros, denormals) are the js backend's.

// @ts-ignore: decorator
@inline
function sigmoid(x: f64): f64 {
  return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
}

// @ts-ignore: decorator
@inline
export function unaryOf(op: i32, x: f32): f32 {
  switch (op) {
    case 0: return -x;
    case 1: return Mathf.abs(x);
    case 2: return x > 0 ? 1 : x < 0 ? -1 : x;
    case 3: return x * x;
    case 4: return <f32>Math.exp(x);
    case 5: return <f32>Math.log(x);
    case 6: return Mathf.sqrt(x);
    case 7: return x > 0 ? x : 0;
    case 8: return <f32>sigmoid(x);
    default: return <f32>Math.tanh(x);
  }
}

// @ts-ignore: decorator
@inline
function binaryOf(op: i32, a: f32, b: f32): f32 {
  switch (op) {
    case 0: return a + b;
    case 1: return a - b;
    case 2: return a * b;
    case 3: return a / b;
    case 4: return <f32>Math.pow(a, b);
    case 5: return a >= b || isNaN(a) ? a : b;
    case 6: return a <= b || isNaN(a) ? a : b;
    case 7: return a == b ? 1 : 0;
    case 8: return a > b ? 1 : 0;
    case 9: return a >= b ? 1 : 0;
    case 10: return b > 0 ? a : 0;
    case 11: return a * b * (1 - b);
    default: return a * (1 - b * b);
  }
}

export function unary(op: i32, x: usize, out: usize, n: i32): void {
  let i = 0;
  if (op == 7) {
    // relu, the hot one: x > 0 keeps x; NaN and -0 give 0 as in the scalar form.
    const zero = f32x4.splat(0);
    for (; i + 4 <= n; i += 4) {
      const v = v128.load(x + <usize>i * 4);
      v128.store(out + <usize>i * 4, v128.bitselect(v, zero, f32x4.gt(v, zero)));
    }
  }
  for (; i < n; i++) store<f32>(out + <usize>i * 4, unaryOf(op, load<f32>(x + <usize>i * 4)));
}

/** Ops whose float32 SIMD form rounds exactly like the scalar one. */
// @ts-ignore: decorator
@inline
function vectorOf(op: i32, a: v128, b: v128): v128 {
  switch (op) {
    case 0: return f32x4.add(a, b);
    case 1: return f32x4.sub(a, b);
    case 2: return f32x4.mul(a, b);
    case 3: return f32x4.div(a, b);
    default: return v128.bitselect(a, f32x4.splat(0), f32x4.gt(b, f32x4.splat(0)));
  }
}

// @ts-ignore: decorator
@inline
function vectorizable(op: i32): bool {
  return op <= 3 || op == 10;
}

/**
 * out = op(a, b) over `n` elements, where a (b) advances by `as` (`bs`) elements per output
 * element: 1 for a full operand, 0 for one broadcast along this run.
 */
function run(op: i32, a: usize, as: i32, b: usize, bs: i32, out: usize, n: i32): void {
  let i = 0;
  if (vectorizable(op) && as == 1 && bs == 1) {
    for (; i + 4 <= n; i += 4) {
      const at = <usize>i * 4;
      v128.store(out + at, vectorOf(op, v128.load(a + at), v128.load(b + at)));
    }
  } else if (vectorizable(op) && as == 1 && bs == 0) {
    const bv = v128.load32_splat(b);
    for (; i + 4 <= n; i += 4) {
      const at = <usize>i * 4;
      v128.store(out + at, vectorOf(op, v128.load(a + at), bv));
    }
  } else if (vectorizable(op) && as == 0 && bs == 1) {
    const av = v128.load32_splat(a);
    for (; i + 4 <= n; i += 4) {
      const at = <usize>i * 4;
      v128.store(out + at, vectorOf(op, av, v128.load(b + at)));
    }
  }
  for (; i < n; i++) {
    store<f32>(out + <usize>i * 4, binaryOf(op, load<f32>(a + <usize>(i * as) * 4), load<f32>(b + <usize>(i * bs) * 4)));
  }
}

/**
 * Broadcasting binary op over `rank` output dimensions `dims` (int32s at `dims`), reading a and
 * b through element strides (int32s at `aStrides`, `bStrides`; 0 where broadcast). `counter`
 * is `rank` int32s of scratch. The innermost dimension runs as one `run`.
 */
export function binary(
  op: i32, a: usize, b: usize, out: usize, rank: i32, dims: usize, aStrides: usize, bStrides: usize, counter: usize,
): void {
  const last = rank - 1;
  const length = load<i32>(dims + <usize>last * 4);
  const as = load<i32>(aStrides + <usize>last * 4);
  const bs = load<i32>(bStrides + <usize>last * 4);
  let total = 1;
  for (let d = 0; d < rank; d++) {
    total *= load<i32>(dims + <usize>d * 4);
    store<i32>(counter + <usize>d * 4, 0);
  }
  if (total == 0) return;
  let ao = 0, bo = 0;
  for (let o = 0; o < total; o += length) {
    run(op, a + <usize>ao * 4, as, b + <usize>bo * 4, bs, out + <usize>o * 4, length);
    for (let d = last - 1; d >= 0; d--) {
      const at = <usize>d * 4;
      const count = load<i32>(counter + at) + 1;
      const sa = load<i32>(aStrides + at), sb = load<i32>(bStrides + at);
      ao += sa;
      bo += sb;
      if (count < load<i32>(dims + at)) {
        store<i32>(counter + at, count);
        break;
      }
      const dim = load<i32>(dims + at);
      ao -= sa * dim;
      bo -= sb * dim;
      store<i32>(counter + at, 0);
    }
  }
}

/** out = act(out + bias) over `rows` rows of `n`: a matmul's or an NHWC convolution's epilogue (act: 0 linear, 1 relu, 2 sigmoid, 3 tanh). */
export function biasActivation(out: usize, rows: i32, n: i32, bias: usize, act: i32): void {
  const size = rows * n;
  if (bias != 0) {
    for (let r = 0; r < rows; r++) run(0, out + <usize>(r * n) * 4, 1, bias, 1, out + <usize>(r * n) * 4, n);
  }
  if (act != 0) unary(act == 1 ? 7 : act == 2 ? 8 : 9, out, out, size);
}
