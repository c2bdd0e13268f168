/**
 * Seconds per call of `step`: after warming up (`warmup` calls and at least half of `seconds`,
 * so V8 has finished optimising JS and WebAssembly peers in its background threads even on a
 * busy machine), as many calls as fit in `seconds`, at least `minIters` (or just one when a
 * single call takes longer than `seconds`: the slowest peers).
 */
export async function timed(step: () => unknown, seconds: number, minIters = 3, warmup = 2): Promise<number[]> {
  const first = performance.now();
  await step();
  if (performance.now() - first > seconds * 1e3) {
    minIters = 1;
  } else {
    for (let i = 1; i < warmup || performance.now() - first < seconds * 500; i++) await step();
  }
  const times: number[] = [];
  const start = performance.now();
  while (times.length < minIters || performance.now() - start < seconds * 1e3) {
    const t0 = performance.now();
    await step();
    times.push((performance.now() - t0) / 1e3);
  }
  return times;
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Deterministic uniform [0, 1) floats (mulberry32), so every framework sees the same kind of data. */
export function seededFloats(n: number, seed: number): Float32Array {
  let s = seed >>> 0;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), s | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  return out;
}

/** Labels 0..9 for a synthetic MNIST-shaped batch. */
export function seededLabels(n: number, seed: number): Int32Array {
  return Int32Array.from(seededFloats(n, seed), (u) => Math.floor(u * 10));
}
