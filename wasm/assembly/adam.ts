// One Adam step (Keras' formulation, see AdamSpec in src/backend/backend.ts) over n floats,
// four at a time; the tail in f64 like the js backend.
export function adam(
  param: usize, grad: usize, m: usize, v: usize, outParam: usize, outM: usize, outV: usize, n: i32,
  alpha: f64, beta1: f64, beta2: f64, epsilon: f64,
): void {
  const b1 = f32x4.splat(<f32>beta1), c1 = f32x4.splat(<f32>(1 - beta1));
  const b2 = f32x4.splat(<f32>beta2), c2 = f32x4.splat(<f32>(1 - beta2));
  const lr = f32x4.splat(<f32>alpha), eps = f32x4.splat(<f32>epsilon);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const at = <usize>i * 4;
    const g = v128.load(grad + at);
    const mi = f32x4.add(f32x4.mul(b1, v128.load(m + at)), f32x4.mul(c1, g));
    const vi = f32x4.add(f32x4.mul(b2, v128.load(v + at)), f32x4.mul(c2, f32x4.mul(g, g)));
    v128.store(outM + at, mi);
    v128.store(outV + at, vi);
    const step = f32x4.div(f32x4.mul(lr, mi), f32x4.add(f32x4.sqrt(vi), eps));
    v128.store(outParam + at, f32x4.sub(v128.load(param + at), step));
  }
  for (; i < n; i++) {
    const at = <usize>i * 4;
    const g = <f64>load<f32>(grad + at);
    const mi = beta1 * load<f32>(m + at) + (1 - beta1) * g;
    const vi = beta2 * load<f32>(v + at) + (1 - beta2) * g * g;
    store<f32>(outM + at, <f32>mi);
    store<f32>(outV + at, <f32>vi);
    store<f32>(outParam + at, <f32>(load<f32>(param + at) - (alpha * mi) / (Math.sqrt(vi) + epsilon)));
  }
}
