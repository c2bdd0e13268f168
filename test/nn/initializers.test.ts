import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as tl from '../../src/index.js';
import { computeFans, initializerFromConfig } from '../../src/nn/initializers/index.js';
import * as init from '../../src/nn/initializers/index.js';
import type { Initializer } from '../../src/nn/initializers/index.js';

interface Stats { mean: number; variance: number; min: number; max: number }

function stats(t: tl.Tensor): Stats {
  const v = t.dataSync();
  let sum = 0;
  let sq = 0;
  let min = Infinity;
  let max = -Infinity;
  for (const x of v) {
    sum += x;
    sq += x * x;
    min = Math.min(min, x);
    max = Math.max(max, x);
  }
  const mean = sum / v.length;
  return { mean, variance: sq / v.length - mean * mean, min, max };
}

/** 200,000 samples: the sample variance is within 1% of the true one with overwhelming odds, 3% is safe. */
const SHAPE = [400, 500];
const N = 200_000;

/** Checks mean 0 (within 5 standard errors), variance within 3% and every sample within `bound`. */
function assertDistribution(t: tl.Tensor, variance: number, bound: number, tight: boolean): void {
  const s = stats(t);
  assert.ok(Math.abs(s.mean) < 5 * Math.sqrt(variance / N), `mean ${s.mean} should be ~0`);
  assert.ok(Math.abs(s.variance / variance - 1) < 0.03, `variance ${s.variance}, expected ${variance}`);
  assert.ok(s.min >= -bound && s.max <= bound, `samples in [${s.min}, ${s.max}] should lie within ±${bound}`);
  // A uniform or truncated sample of this size comes within 1% of its bounds.
  if (tight) assert.ok(s.max > 0.99 * bound && s.min < -0.99 * bound, `samples in [${s.min}, ${s.max}] should reach ±${bound}`);
}

describe('initializers: fans', () => {
  it('dense kernels use their two dimensions, conv kernels multiply by the receptive field', () => {
    assert.deepEqual(computeFans([3, 5]), { fanIn: 3, fanOut: 5 });
    assert.deepEqual(computeFans([3, 3, 16, 32]), { fanIn: 3 * 3 * 16, fanOut: 3 * 3 * 32 });
    assert.deepEqual(computeFans([5, 4, 8]), { fanIn: 20, fanOut: 40 });
    assert.deepEqual(computeFans([7]), { fanIn: 7, fanOut: 7 });
    assert.deepEqual(computeFans([]), { fanIn: 1, fanOut: 1 });
  });
});

describe('initializers: statistics of 200,000 samples match the formulas', () => {
  const [fanIn, fanOut] = SHAPE as [number, number];
  const avg = (fanIn + fanOut) / 2;
  // A normal truncated at ±2 sigma keeps (1 - 0.2263) of the variance; Keras widens sigma to undo it.
  const truncatedSigma = (variance: number) => Math.sqrt(variance) / 0.87962566103423978;
  const uniformCases: [string, Initializer, number][] = [
    ['glorotUniform', init.glorotUniform({ seed: 1 }), 1 / avg],
    ['heUniform', init.heUniform({ seed: 2 }), 2 / fanIn],
    ['leCunUniform', init.leCunUniform({ seed: 3 }), 1 / fanIn],
    ['varianceScaling fanOut uniform', init.varianceScaling({ scale: 3, mode: 'fanOut', distribution: 'uniform', seed: 4 }), 3 / fanOut],
  ];
  for (const [name, initializer, variance] of uniformCases) {
    it(`${name}: uniform in ±sqrt(3 * ${variance.toPrecision(3)})`, () => {
      assertDistribution(initializer.apply(SHAPE, 'float32'), variance, Math.sqrt(3 * variance), true);
    });
  }
  const truncatedCases: [string, Initializer, number][] = [
    ['glorotNormal', init.glorotNormal({ seed: 5 }), 1 / avg],
    ['heNormal', init.heNormal({ seed: 6 }), 2 / fanIn],
    ['leCunNormal', init.leCunNormal({ seed: 7 }), 1 / fanIn],
  ];
  for (const [name, initializer, variance] of truncatedCases) {
    it(`${name}: variance ${variance.toPrecision(3)}, truncated at 2 widened sigmas`, () => {
      assertDistribution(initializer.apply(SHAPE, 'float32'), variance, 2 * truncatedSigma(variance), true);
    });
  }

  it('varianceScaling untruncatedNormal: plain normal with variance scale / fan', () => {
    const t = init.varianceScaling({ scale: 2, mode: 'fan_avg', distribution: 'untruncated_normal', seed: 8 }).apply(SHAPE, 'float32');
    const s = stats(t);
    assertDistribution(t, 2 / avg, Infinity, false);
    assert.ok(s.max > 3.5 * Math.sqrt(2 / avg), 'an untruncated sample of this size has values beyond 3.5 sigma');
  });

  it('randomNormal, truncatedNormal and randomUniform: Keras defaults and given arguments', () => {
    assertDistribution(init.randomNormal({ seed: 9 }).apply(SHAPE, 'float32'), 0.05 ** 2, Infinity, false);
    const shifted = stats(init.randomNormal({ mean: 3, stddev: 2, seed: 10 }).apply(SHAPE, 'float32'));
    assert.ok(Math.abs(shifted.mean - 3) < 0.03 && Math.abs(shifted.variance / 4 - 1) < 0.03, JSON.stringify(shifted));
    // Truncation at ±2 sigma leaves 0.7737 of the variance (no widening for the plain initializer).
    assertDistribution(init.truncatedNormal({ stddev: 0.1, seed: 11 }).apply(SHAPE, 'float32'), 0.01 * 0.7737, 0.2, true);
    assertDistribution(init.randomUniform({ seed: 12 }).apply(SHAPE, 'float32'), 0.1 ** 2 / 12, 0.05, true);
    const u = stats(init.randomUniform({ minval: 2, maxval: 4, seed: 13 }).apply(SHAPE, 'float32'));
    assert.ok(u.min >= 2 && u.max < 4 && Math.abs(u.mean - 3) < 0.01, JSON.stringify(u));
  });
});

describe('initializers: constants and orthogonal', () => {
  it('zeros, ones and constant fill the shape, in float32 or int32', () => {
    assert.deepEqual(init.zeros().apply([2, 2], 'float32').toArray(), [[0, 0], [0, 0]]);
    assert.deepEqual(init.ones().apply([3], 'int32').toArray(), [1, 1, 1]);
    const c = init.constant({ value: 7 }).apply([2], 'int32');
    assert.equal(c.dtype, 'int32');
    assert.deepEqual(c.toArray(), [7, 7]);
    assert.deepEqual(init.constant({ value: 0.5 }).apply([1, 2], 'float32').toArray(), [[0.5, 0.5]]);
  });

  const gram = (q: tl.Tensor, rowsOrthonormal: boolean) =>
    (rowsOrthonormal ? tl.matMul(q, q, false, true) : tl.matMul(q, q, true, false)).dataSync();
  const assertIdentity = (g: ArrayLike<number>, n: number, scale: number) => {
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) assert.ok(Math.abs(g[i * n + j]! - (i === j ? scale : 0)) < 1e-5, `entry ${i},${j} is ${g[i * n + j]}`);
    }
  };

  it('orthogonal: orthonormal columns when tall, rows when wide, conv kernels viewed as [window*in, out]', () => {
    assertIdentity(gram(init.orthogonal({ seed: 1 }).apply([8, 5], 'float32'), false), 5, 1);
    assertIdentity(gram(init.orthogonal({ seed: 2 }).apply([3, 7], 'float32'), true), 3, 1);
    const conv = init.orthogonal({ seed: 3 }).apply([2, 2, 3, 4], 'float32');
    assert.deepEqual(conv.shape, [2, 2, 3, 4]);
    assertIdentity(gram(conv.reshape([12, 4]), false), 4, 1);
    assertIdentity(gram(init.orthogonal({ gain: 2, seed: 4 }).apply([4, 4], 'float32'), false), 4, 4);
  });
});

describe('initializers: randomness', () => {
  for (const make of [() => init.glorotUniform({ seed: 42 }), () => init.heNormal({ seed: 42 }), () => init.orthogonal({ seed: 42 }), () => init.randomNormal({ seed: 42 })]) {
    const name = make().className;
    it(`${name}: a seed gives the same values on every call and instance; another seed other values`, () => {
      const a = make().apply([6, 5], 'float32').dataSync();
      const initializer = make();
      assert.deepEqual(initializer.apply([6, 5], 'float32').dataSync(), a);
      assert.deepEqual(initializer.apply([6, 5], 'float32').dataSync(), a);
      const other = initializerFromConfig({ className: name, config: { ...make().getConfig(), seed: 43 } }).apply([6, 5], 'float32').dataSync();
      assert.notDeepEqual(other, a);
    });
  }

  it('without a seed, values come from the global generator that tl.setSeed seeds', () => {
    const initializer = init.glorotUniform();
    tl.setSeed(5);
    const a = initializer.apply([4, 4], 'float32').dataSync();
    const b = initializer.apply([4, 4], 'float32').dataSync();
    tl.setSeed(5);
    assert.deepEqual(initializer.apply([4, 4], 'float32').dataSync(), a);
    assert.notDeepEqual(b, a);
  });
});

describe('initializers: names and configs', () => {
  it('reads every spelling of a name', () => {
    for (const name of ['glorotUniform', 'glorot_uniform', 'GlorotUniform']) {
      assert.equal(initializerFromConfig(name).className, 'GlorotUniform', name);
    }
    assert.equal(initializerFromConfig('he_normal').className, 'HeNormal');
    assert.equal(initializerFromConfig('LeCunNormal').className, 'LecunNormal', "TF.js' spelling");
    assert.equal(initializerFromConfig('zeros').className, 'Zeros');
    assert.equal(initializerFromConfig('uniform').className, 'RandomUniform', 'Keras alias');
    const instance = init.ones();
    assert.equal(initializerFromConfig(instance), instance);
  });

  it('writes Keras class names with their config, and reads them back to the same config and values', () => {
    const cases: Initializer[] = [
      init.glorotUniform(), init.heNormal({ seed: 3 }), init.zeros(), init.constant({ value: 2 }),
      init.randomNormal({ mean: 1, stddev: 0.5, seed: 1 }), init.randomUniform({ minval: -1, maxval: 2, seed: 2 }),
      init.truncatedNormal({ seed: 3 }), init.varianceScaling({ scale: 2, mode: 'fanOut', distribution: 'uniform', seed: 4 }),
      init.orthogonal({ gain: 1.5, seed: 5 }),
    ];
    assert.deepEqual({ className: cases[0]!.className, config: cases[0]!.getConfig() }, { className: 'GlorotUniform', config: { seed: null } });
    for (const initializer of cases) {
      const written = JSON.parse(JSON.stringify({ className: initializer.className, config: initializer.getConfig() }));
      const read = initializerFromConfig(written);
      assert.equal(read.className, initializer.className);
      assert.deepEqual(read.getConfig(), initializer.getConfig());
      if (initializer.getConfig()['seed'] !== null) {
        assert.deepEqual(read.apply([3, 4], 'float32').dataSync(), initializer.apply([3, 4], 'float32').dataSync(), initializer.className);
      }
    }
  });

  it("reads TF.js' VarianceScaling form of glorotUniform and Python's snake_case form as the same initializer", () => {
    const tfjs = initializerFromConfig({ className: 'VarianceScaling', config: { scale: 1, mode: 'fanAvg', distribution: 'uniform', seed: 7 } });
    const python = initializerFromConfig({ class_name: 'VarianceScaling', config: { scale: 1, mode: 'fan_avg', distribution: 'uniform', seed: 7 } } as never);
    const keras = init.glorotUniform({ seed: 7 });
    assert.deepEqual(tfjs.apply([5, 3], 'float32').dataSync(), keras.apply([5, 3], 'float32').dataSync());
    assert.deepEqual(python.apply([5, 3], 'float32').dataSync(), keras.apply([5, 3], 'float32').dataSync());
    // 'normal' (what TF.js writes for glorotNormal) is Keras' truncated normal.
    const normal = initializerFromConfig({ className: 'VarianceScaling', config: { scale: 1, mode: 'fanAvg', distribution: 'normal', seed: 7 } });
    assert.deepEqual(normal.apply([5, 3], 'float32').dataSync(), init.glorotNormal({ seed: 7 }).apply([5, 3], 'float32').dataSync());
  });

  it('refuses unknown names, bad arguments and int32 random weights with typed errors', () => {
    assert.throws(() => initializerFromConfig('glorotUniformish'), (e: Error) =>
      e instanceof tl.ArgumentError && /initializerFromConfig: unknown name 'glorotUniformish'; known: Zeros, Ones, .*GlorotUniform/.test(e.message));
    assert.throws(() => initializerFromConfig({ config: {} } as never), /expected a name or \{className, config\}, found \{"config":\{\}\}/);
    assert.throws(() => init.varianceScaling({ scale: 0 }), (e: Error) => e instanceof tl.ArgumentError && /VarianceScaling: scale must be a number > 0, found 0/.test(e.message));
    assert.throws(() => init.varianceScaling({ mode: 'fanSum' }), /mode must be one of 'fanIn', 'fanOut', 'fanAvg', found "fanSum"/);
    assert.throws(() => init.randomNormal({ stddev: -1 }), /RandomNormal: stddev must be a number >= 0, found -1/);
    assert.throws(() => init.randomUniform({ minval: 1, maxval: 1 }), /RandomUniform: minval must be less than maxval, found 1 and 1/);
    assert.throws(() => init.glorotUniform({ seed: 'a' as never }), /GlorotUniform: seed must be a finite number, found "a"/);
    assert.throws(() => init.heNormal().apply([2, 2], 'int32'), (e: Error) => e instanceof tl.DTypeError && /HeNormal: makes float32 weights only, found dtype int32/.test(e.message));
    assert.throws(() => init.orthogonal().apply([4], 'float32'), /Orthogonal: needs a shape of rank >= 2, found \[4\]/);
  });
});
