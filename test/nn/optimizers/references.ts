/**
 * Float64 update rules written from the papers / PyTorch's arrangement rather than Keras', so a
 * test comparing against them also checks that the two arrangements agree.
 */
export type Reference = (theta: number[], g: number[], step: number) => number[];

const zeros = (): number[] => [0, 0, 0, 0];

/**
 * Textbook Adam(W): explicit bias-corrected moments; decoupled decay θ·(1 − lr·λ) first. Keras adds
 * ε to √v before the correction, which is the textbook form with ε̂ = ε / √(1 − β2^t).
 */
export function textbookAdam(lr: number, b1: number, b2: number, eps: number, weightDecay = 0): Reference {
  let m = zeros();
  let v = zeros();
  return (theta, g, t) => {
    m = m.map((mi, i) => b1 * mi + (1 - b1) * g[i]!);
    v = v.map((vi, i) => b2 * vi + (1 - b2) * g[i]! ** 2);
    const epsHat = eps / Math.sqrt(1 - b2 ** t);
    return theta.map((th, i) => th * (1 - lr * weightDecay) - (lr * (m[i]! / (1 - b1 ** t))) / (Math.sqrt(v[i]! / (1 - b2 ** t)) + epsHat));
  };
}

/** PyTorch's SGD: buf ← μ·buf + g; θ ← θ − lr·(nesterov ? g + μ·buf : buf). */
export function torchSGD(lr: number, momentum: number, nesterov: boolean): Reference {
  let buf = zeros();
  return (theta, g) => {
    buf = buf.map((b, i) => momentum * b + g[i]!);
    return theta.map((th, i) => th - lr * (nesterov ? g[i]! + momentum * buf[i]! : buf[i]!));
  };
}

/** RMSprop with ε under the root (as Keras), momentum in PyTorch's form: buf ← μ·buf + g/√d; θ ← θ − lr·buf. */
export function torchRMSprop(lr: number, rho: number, momentum: number, eps: number, centered: boolean): Reference {
  let squareAvg = zeros();
  let gradAvg = zeros();
  let buf = zeros();
  return (theta, g) => {
    squareAvg = squareAvg.map((s, i) => rho * s + (1 - rho) * g[i]! * g[i]!);
    gradAvg = gradAvg.map((a, i) => rho * a + (1 - rho) * g[i]!);
    const d = squareAvg.map((s, i) => (centered ? s - gradAvg[i]! ** 2 : s) + eps);
    buf = buf.map((b, i) => momentum * b + g[i]! / Math.sqrt(d[i]!));
    return theta.map((th, i) => th - lr * buf[i]!);
  };
}
