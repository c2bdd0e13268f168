import { ArgumentError } from '../errors.js';

/**
 * xoshiro128** (Blackman & Vigna): small, fast, 2^128 - 1 period, and its whole state is four
 * numbers, so checkpoints can save and restore it. Seeds are spread over the state by splitmix32.
 */
export class Random {
  private s = new Uint32Array(4);
  private spareNormal: number | null = null;

  constructor(seed: number) {
    this.seed(seed);
  }

  seed(seed: number): void {
    if (!Number.isFinite(seed)) throw new ArgumentError(`seed: expected a finite number, found ${seed}`);
    let x = (Math.floor(seed) ^ Math.floor(seed / 2 ** 32)) >>> 0;
    for (let i = 0; i < 4; i++) {
      x = (x + 0x9e3779b9) >>> 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      this.s[i] = (z ^ (z >>> 16)) >>> 0;
    }
    this.spareNormal = null;
  }

  /** A uniformly distributed 32-bit unsigned integer. */
  nextUint32(): number {
    const s = this.s;
    const result = Math.imul(rotl(Math.imul(s[1]!, 5), 7), 9) >>> 0;
    const t = s[1]! << 9;
    s[2]! ^= s[0]!;
    s[3]! ^= s[1]!;
    s[1]! ^= s[2]!;
    s[0]! ^= s[3]!;
    s[2]! ^= t;
    s[3] = rotl(s[3]!, 11);
    return result;
  }

  /** Uniform in [0, 1), 53 random bits. */
  next(): number {
    const hi = this.nextUint32() >>> 5;
    const lo = this.nextUint32() >>> 6;
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** Standard normal by the Box-Muller transform (pairs; the second value is kept for the next call). */
  nextNormal(): number {
    if (this.spareNormal !== null) {
      const v = this.spareNormal;
      this.spareNormal = null;
      return v;
    }
    let u = 0;
    while (u === 0) u = this.next();
    const r = Math.sqrt(-2 * Math.log(u));
    const theta = 2 * Math.PI * this.next();
    this.spareNormal = r * Math.sin(theta);
    return r * Math.cos(theta);
  }

  /** The complete state, for checkpoints. */
  getState(): number[] {
    return [...this.s, this.spareNormal ?? NaN];
  }

  setState(state: readonly number[]): void {
    if (state.length !== 5 || state.slice(0, 4).some((v) => !Number.isInteger(v) || v < 0 || v > 0xffffffff)) {
      throw new ArgumentError(`Random.setState: expected 4 uint32 words and a spare normal, found ${JSON.stringify(state)}`);
    }
    this.s.set(state.slice(0, 4));
    this.spareNormal = Number.isNaN(state[4]) ? null : state[4]!;
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

/**
 * The random numbers of one epoch's shuffle: a function of the seed and the epoch only, so every
 * shard, every worker and every restarted process draws the same permutation for an epoch.
 */
export function epochRandom(seed: number, epoch: number): Random {
  const seeds = new Random(seed);
  let epochSeed = 0;
  for (let e = 0; e <= epoch; e++) epochSeed = seeds.nextUint32();
  return new Random(epochSeed);
}

/** The generator used when a creation op gets no explicit seed. */
export const globalRandom = new Random(Date.now() ^ Math.floor(Math.random() * 2 ** 32));

/** Makes every later random op reproducible. */
export function setSeed(seed: number): void {
  globalRandom.seed(seed);
}
