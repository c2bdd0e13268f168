// Reductions over the middle axis of [outer, length, inner] (sum in f64 as the js backend does;
// a NaN wins max and min), and softmax / log-softmax over the middle axis, in f64 throughout.

// @ts-ignore: decorator
@inline
function combine(op: i32, acc: f64, x: f64): f64 {
  if (op == 0) return acc + x;
  if (op == 1) return x > acc || isNaN(x) ? x : acc;
  return x < acc || isNaN(x) ? x : acc;
}

/** op: 0 sum, 1 max, 2 min. `acc` is `inner` f64s of scratch. */
export function reduce(op: i32, x: usize, out: usize, outer: i32, length: i32, inner: i32, acc: usize): void {
  const initial: f64 = op == 0 ? 0 : op == 1 ? -Infinity : Infinity;
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) store<f64>(acc + <usize>i * 8, initial);
    const base = x + <usize>(o * length * inner) * 4;
    for (let l = 0; l < length; l++) {
      const row = base + <usize>(l * inner) * 4;
      for (let i = 0; i < inner; i++) {
        const at = acc + <usize>i * 8;
        store<f64>(at, combine(op, load<f64>(at), <f64>load<f32>(row + <usize>i * 4)));
      }
    }
    for (let i = 0; i < inner; i++) store<f32>(out + <usize>(o * inner + i) * 4, <f32>load<f64>(acc + <usize>i * 8));
  }
}

export function softmax(log: bool, x: usize, out: usize, outer: i32, axis: i32, inner: i32): void {
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = <usize>(o * axis * inner + i) * 4;
      const step = <usize>inner * 4;
      let max: f64 = -Infinity;
      for (let d = 0; d < axis; d++) max = Math.max(max, <f64>load<f32>(x + base + <usize>d * step));
      let sum: f64 = 0;
      for (let d = 0; d < axis; d++) sum += Math.exp(<f64>load<f32>(x + base + <usize>d * step) - max);
      const logSum = Math.log(sum);
      for (let d = 0; d < axis; d++) {
        const shifted = <f64>load<f32>(x + base + <usize>d * step) - max;
        store<f32>(out + base + <usize>d * step, <f32>(log ? shifted - logSum : Math.exp(shifted) / sum));
      }
    }
  }
}
