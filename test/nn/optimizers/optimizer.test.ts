import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as tl from '../../../src/index.js';
import { clipGradients } from '../../../src/nn/optimizers/clipping.js';
import { assertClose } from '../../helpers/opCheck.js';

/** What every optimizer inherits: learning rate and schedules, clipping, saved state, configs. */
const { optimizerFromName } = tl.optimizers;

/** A schedule that records the steps it is asked about. */
function spySchedule(rate: (step: number) => number): tl.schedules.LearningRateSchedule & { asked: number[] } {
  const asked: number[] = [];
  return { asked, valueAt: (step) => (asked.push(step), rate(step)), getConfig: () => ({ className: 'Spy', config: {} }) };
}

describe('optimizer learning rate', () => {
  it('evaluates a schedule at the number of updates already applied (0 for the first)', () => {
    const schedule = spySchedule((s) => 0.1 / (s + 1));
    const opt = new tl.optimizers.Adam({ learningRate: schedule });
    const p = tl.variable([0]);
    for (let i = 0; i < 3; i++) opt.applyGradients([[p, tl.tensor([1])]]);
    assert.deepEqual(schedule.asked, [0, 1, 2]);
    assert.equal(opt.currentLearningRate, 0.1 / 4);
    // A constant gradient makes every Adam step lr · (1 − ε-ish): 0.1 + 0.05 + 0.0333...
    assert.ok(Math.abs(p.item() + (0.1 + 0.05 + 0.1 / 3)) < 1e-5, String(p.item()));
  });

  it('is settable: a lowered rate applies from the next update', () => {
    const opt = new tl.optimizers.Adam({ learningRate: 0.1 });
    const p = tl.variable([0]);
    opt.applyGradients([[p, tl.tensor([1])]]);
    opt.learningRate = 0.01;
    assert.equal(opt.learningRate, 0.01);
    opt.applyGradients([[p, tl.tensor([1])]]);
    assert.ok(Math.abs(p.item() + 0.11) < 1e-5, String(p.item()));
  });

  it('a schedule giving a bad value is an ArgumentError, not a NaN parameter', () => {
    const opt = new tl.optimizers.Adam({ learningRate: spySchedule(() => Number.NaN) });
    const p = tl.variable([1]);
    assert.throws(() => opt.applyGradients([[p, tl.tensor([1])]]), (e: Error) =>
      e instanceof tl.ArgumentError && /Adam: the learning-rate schedule's value at step 0 must be a number >= 0, found number NaN/.test(e.message));
    assert.deepEqual(p.toArray(), [1]);
  });
});

const values = (ts: tl.Tensor[]) => ts.map((t) => Array.from(t.dataSync()));

describe('gradient clipping', () => {
  it('by value clips each element to [-v, v]', () => {
    assert.deepEqual(values(clipGradients({ clipValue: 1 }, [tl.tensor([3, -0.5, -10])])), [[1, -0.5, -1]]);
  });

  it('by norm rescales each tensor whose L2 norm is over the limit, alone', () => {
    // |[3,4]| = 5 is at the limit and stays; |[6,8]| = 10 halves.
    assert.deepEqual(values(clipGradients({ clipNorm: 5 }, [tl.tensor([3, 4]), tl.tensor([6, 8])])), [[3, 4], [3, 4]]);
  });

  it('by global norm rescales all tensors by one factor when their joint norm is over the limit', () => {
    // Joint norm √(3² + 4² + 12²) = 13, so everything is scaled by 5/13.
    const [a, b] = clipGradients({ globalClipNorm: 5 }, [tl.tensor([3, 4]), tl.tensor([[0, 12]])]);
    assertClose(a!.dataSync(), [15 / 13, 20 / 13], 1e-6, 0, 'a');
    assertClose(b!.dataSync(), [0, 60 / 13], 1e-6, 0, 'b');
    assert.deepEqual(values(clipGradients({ globalClipNorm: 20 }, [tl.tensor([3, 4])])), [[3, 4]], 'under the limit: unchanged');
  });

  it('an optimizer clips before its update: clipped gradients give the same steps as pre-clipped ones', () => {
    const clipped = new tl.optimizers.Adam({ learningRate: 0.1, globalClipNorm: 5 });
    const plain = new tl.optimizers.Adam({ learningRate: 0.1 });
    const [p, q] = [tl.variable([1, 1]), tl.variable([1, 1])];
    for (const g of [[30, 40], [3, -4], [-60, 80]]) {
      const norm = Math.hypot(g[0]!, g[1]!);
      clipped.applyGradients([[p, tl.tensor(g)]]);
      plain.applyGradients([[q, tl.tensor(g.map((x) => (norm > 5 ? (x * 5) / norm : x)))]]);
    }
    assertClose(p.dataSync(), q.dataSync(), 1e-6, 1e-7, 'θ');
    assert.notDeepEqual(Array.from(p.dataSync()), [1, 1]);
  });

  it('refuses a non-positive limit', () => {
    assert.throws(() => new tl.optimizers.Adam({ clipValue: 0 }), (e: Error) =>
      e instanceof tl.ArgumentError && /^Adam: clipValue must be a number > 0, found number 0$/.test(e.message));
  });
});

type Make = () => tl.optimizers.Optimizer;

// Optimizers with every kind of slot; each test runs over all of them.
const OPTIMIZERS: [string, Make][] = [
  ['Adam', () => new tl.optimizers.Adam({ learningRate: 0.05 })],
  ['AdamW', () => new tl.optimizers.AdamW({ learningRate: 0.05, weightDecay: 0.1 })],
  ['SGD', () => new tl.optimizers.SGD({ learningRate: 0.05 })],
  ['SGD with Nesterov momentum', () => new tl.optimizers.SGD({ learningRate: 0.05, momentum: 0.9, nesterov: true })],
  ['centered RMSprop with momentum', () => new tl.optimizers.RMSprop({ learningRate: 0.05, momentum: 0.5, centered: true })],
];

function params(): tl.Tensor[] {
  return [tl.variable([0.5, -1.5, 2]), tl.variable([[1, 2], [3, -4]])];
}

/** A loss with different gradients for every element, so any misplaced slot changes the result. */
function train(opt: tl.optimizers.Optimizer, ps: tl.Tensor[], steps: number): void {
  for (let i = 0; i < steps; i++) {
    ps[0]!.sub(1).square().sum().add(ps[1]!.mul(tl.tensor([[1, -2], [3, 0.5]])).tanh().sum()).backward();
    opt.step(ps);
  }
}

describe('optimizer state: getWeights / setWeights', () => {
  for (const [name, make] of OPTIMIZERS) {
    it(`${name}: a fresh optimizer given the saved state continues exactly as the original`, () => {
      const original = make();
      const a = params();
      train(original, a, 3);
      const restored = make();
      restored.setWeights(original.getWeights());
      const b = a.map((p) => tl.variable(p));
      train(original, a, 3);
      train(restored, b, 3);
      assert.equal(restored.iterations, 6);
      a.forEach((p, i) => assert.deepEqual(b[i]!.dataSync(), p.dataSync(), `parameter ${i}`));
    });
  }

  it('lays state out as TF.js does: iter, then each slot for every parameter, named by index or by given names', () => {
    const opt = new tl.optimizers.Adam();
    train(opt, params(), 2);
    const weights = opt.getWeights();
    assert.deepEqual(weights.map((w) => w.name), ['iter', '0/m', '1/m', '0/v', '1/v']);
    assert.equal(weights[0]!.tensor.dtype, 'int32');
    assert.equal(weights[0]!.tensor.item(), 2);
    assert.deepEqual(weights[2]!.tensor.shape, [2, 2]);
    assert.deepEqual(opt.getWeights(['dense/kernel', 'dense/bias']).map((w) => w.name), ['iter', 'dense/kernel/m', 'dense/bias/m', 'dense/kernel/v', 'dense/bias/v']);
    assert.throws(() => opt.getWeights(['only-one']), /Adam.getWeights: expected 2 parameter names/);
  });

  it('refuses state that does not fit: wrong layout, wrong names, wrong shapes', () => {
    const source = new tl.optimizers.Adam();
    train(source, params(), 1);
    const saved = source.getWeights();
    const fresh = () => new tl.optimizers.Adam();
    assert.throws(() => fresh().setWeights(saved.slice(1)), (e: Error) => e instanceof tl.ArgumentError && /first weight must be the scalar 'iter', found "0\/m"/.test(e.message));
    assert.throws(() => fresh().setWeights(saved.slice(0, 4)), /expected 'iter' and then 2 slots \(m, v\) per parameter, found 3 more weights/);
    const misnamed = saved.map((w, i) => (i === 3 ? { ...w, name: '0/m' } : w));
    assert.throws(() => fresh().setWeights(misnamed), /weight 3 should be the float32 slot '<param>\/v', found "0\/m"/);
    // Slots restored for a [3] parameter cannot go to a [2] one.
    const opt = fresh();
    opt.setWeights(saved);
    const wrong = tl.variable([1, 2]);
    wrong.grad = tl.ones([2]);
    assert.throws(() => opt.step([wrong]), (e: Error) => e instanceof tl.ShapeError && /Adam: slot 'm' of parameter 0 has shape \[3\], expected \[2\]/.test(e.message));
  });
});

describe('optimizerFromName', () => {
  it('builds an optimizer with Keras defaults from a name in any case', () => {
    for (const name of ['adam', 'Adam']) {
      const opt = optimizerFromName(name);
      assert.ok(opt instanceof tl.optimizers.Adam);
      assert.deepEqual(opt.getConfig(), { learningRate: 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 });
    }
  });

  it('rebuilds an optimizer from its own config, clipping and schedule included', () => {
    const schedule = tl.schedules.exponentialDecay({ initialLearningRate: 0.1, decaySteps: 10, decayRate: 0.5 });
    const original = new tl.optimizers.Adam({ learningRate: schedule, beta1: 0.8, clipNorm: 2 });
    const copy = optimizerFromName({ className: original.className, config: original.getConfig() });
    assert.deepEqual(copy.getConfig(), original.getConfig());
    assert.deepEqual(copy.getConfig().learningRate, {
      className: 'ExponentialDecay', config: { initialLearningRate: 0.1, decaySteps: 10, decayRate: 0.5, staircase: false },
    });
  });

  it('reads a Keras config: snake_case keys, nulls as unset, bookkeeping ignored', () => {
    const keras = {
      name: 'adam', learning_rate: 0.01, weight_decay: null, clipnorm: null, global_clipnorm: 2, clipvalue: null,
      use_ema: false, ema_momentum: 0.99, ema_overwrite_frequency: null, loss_scale_factor: null,
      gradient_accumulation_steps: null, beta_1: 0.8, beta_2: 0.99, epsilon: 1e-8, amsgrad: false, jit_compile: true,
    };
    const opt = optimizerFromName({ className: 'Adam', config: keras });
    assert.deepEqual(opt.getConfig(), { learningRate: 0.01, beta1: 0.8, beta2: 0.99, epsilon: 1e-8, globalClipNorm: 2 });
  });

  it('returns an optimizer it is given', () => {
    const opt = new tl.optimizers.Adam();
    assert.equal(optimizerFromName(opt), opt);
  });

  it('refuses unknown names, unknown keys and Keras features it does not implement', () => {
    assert.throws(() => optimizerFromName('adamax'), (e: Error) =>
      e instanceof tl.ArgumentError && /optimizerFromName: unknown optimizer "adamax"; expected one of sgd, adam, adamw, rmsprop$/.test(e.message));
    assert.throws(() => optimizerFromName({ className: 'Adam', config: { momentum: 0.9 } }), /Adam: unknown config key "momentum"; expected some of learningRate/);
    assert.throws(() => optimizerFromName({ className: 'Adam', config: { amsgrad: true } }), /Adam: amsgrad = true is not supported \(only false\)/);
    assert.throws(() => optimizerFromName({ className: 'Adam', config: { beta_1: 2 } }), /Adam: beta1 must be a number in \[0, 1\), found number 2/);
    assert.throws(() => optimizerFromName(42 as unknown as string), /optimizerFromName: expected a name or \{className, config\}, found number 42/);
  });
});
