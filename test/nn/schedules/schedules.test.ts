import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as tl from '../../../src/index.js';

const { constant, exponentialDecay, stepDecay, piecewiseConstant, cosineDecay, scheduleFromConfig } = tl.schedules;

/** Asserts the schedule's value at each [step, expected] (hand-computed in the test). */
function assertValues(schedule: tl.schedules.LearningRateSchedule, cases: [number, number][]): void {
  for (const [step, expected] of cases) {
    const got = schedule.valueAt(step);
    assert.ok(Math.abs(got - expected) <= 1e-12 * Math.max(1, Math.abs(expected)), `step ${step}: ${got}, expected ${expected}`);
  }
}

describe('learning-rate schedules', () => {
  it('constant', () => {
    assertValues(constant({ learningRate: 0.3 }), [[0, 0.3], [1e6, 0.3]]);
  });

  it('exponentialDecay, continuous and staircase', () => {
    assertValues(exponentialDecay({ initialLearningRate: 0.1, decaySteps: 10, decayRate: 0.5 }), [
      [0, 0.1], [5, 0.1 * Math.SQRT1_2], [10, 0.05], [20, 0.025],
    ]);
    assertValues(exponentialDecay({ initialLearningRate: 0.1, decaySteps: 10, decayRate: 0.5, staircase: true }), [
      [0, 0.1], [9, 0.1], [15, 0.05], [19, 0.05], [20, 0.025],
    ]);
  });

  it('stepDecay multiplies by decayRate every decaySteps steps, and saves itself as a staircase exponentialDecay', () => {
    const schedule = stepDecay({ initialLearningRate: 1, decaySteps: 3, decayRate: 0.1 });
    assertValues(schedule, [[0, 1], [2, 1], [3, 0.1], [7, 0.01]]);
    assert.deepEqual(schedule.getConfig(), { className: 'ExponentialDecay', config: { initialLearningRate: 1, decaySteps: 3, decayRate: 0.1, staircase: true } });
  });

  it('piecewiseConstant: values[i] up to and including boundaries[i]', () => {
    assertValues(piecewiseConstant({ boundaries: [10, 20], values: [1, 0.5, 0.1] }), [
      [0, 1], [10, 1], [10.5, 0.5], [11, 0.5], [20, 0.5], [21, 0.1], [1000, 0.1],
    ]);
  });

  it('cosineDecay without warmup, with alpha, and clamped after decaySteps', () => {
    assertValues(cosineDecay({ initialLearningRate: 0.1, decaySteps: 100 }), [
      [0, 0.1], [25, 0.05 * (1 + Math.SQRT1_2)], [50, 0.05], [100, 0], [200, 0],
    ]);
    assertValues(cosineDecay({ initialLearningRate: 0.1, decaySteps: 100, alpha: 0.1 }), [[0, 0.1], [50, 0.055], [100, 0.01], [300, 0.01]]);
  });

  it('cosineDecay with linear warmup from initialLearningRate to warmupTarget', () => {
    assertValues(cosineDecay({ initialLearningRate: 0, decaySteps: 100, warmupTarget: 1, warmupSteps: 10 }), [
      [0, 0], [5, 0.5], [10, 1], [60, 0.5], [110, 0], [500, 0],
    ]);
    assertValues(cosineDecay({ initialLearningRate: 0.2, decaySteps: 10, warmupTarget: 1, warmupSteps: 4, alpha: 0.5 }), [
      [1, 0.4], [3, 0.8], [4, 1], [9, 0.75], [14, 0.5],
    ]);
  });

  it('configs round-trip, and Keras configs are read', () => {
    const schedules = [
      constant({ learningRate: 0.3 }),
      exponentialDecay({ initialLearningRate: 0.1, decaySteps: 10, decayRate: 0.5, staircase: true }),
      piecewiseConstant({ boundaries: [10, 20], values: [1, 0.5, 0.1] }),
      cosineDecay({ initialLearningRate: 0, decaySteps: 100, warmupTarget: 1, warmupSteps: 10 }),
    ];
    for (const s of schedules) {
      const copy = scheduleFromConfig(s.getConfig());
      assert.deepEqual(copy.getConfig(), s.getConfig());
      assert.equal(copy.valueAt(15), s.valueAt(15));
    }
    const keras = scheduleFromConfig({
      className: 'CosineDecay',
      config: { initial_learning_rate: 0.1, decay_steps: 100, alpha: 0, name: 'CosineDecay', warmup_target: null, warmup_steps: 0 },
    });
    assertValues(keras, [[50, 0.05]]);
  });

  it('refuses bad configs and steps with ArgumentErrors naming the schedule and the value', () => {
    const bad: [() => unknown, RegExp][] = [
      [() => exponentialDecay({ initialLearningRate: 0.1, decaySteps: 0, decayRate: 0.5 }), /^exponentialDecay: decaySteps must be a number > 0, found number 0$/],
      [() => stepDecay({ initialLearningRate: -1, decaySteps: 1, decayRate: 0.5 }), /^stepDecay: initialLearningRate must be a number >= 0, found number -1$/],
      [() => piecewiseConstant({ boundaries: [10, 5], values: [1, 2, 3] }), /^piecewiseConstant: boundaries\[1\] must be a number > 10, found number 5$/],
      [() => piecewiseConstant({ boundaries: [10], values: [1] }), /^piecewiseConstant: expected arrays boundaries \(n numbers\) and values \(n \+ 1 numbers\)/],
      [() => cosineDecay({ initialLearningRate: 0.1, decaySteps: 10, alpha: 2 }), /^cosineDecay: alpha must be a number in \[0, 1\], found number 2$/],
      [() => cosineDecay({ initialLearningRate: 0.1, decaySteps: 10, warmupSteps: 5 }), /^cosineDecay: warmupSteps 5 needs a warmupTarget/],
      [() => constant({ learningRate: 0.1 }).valueAt(-1), /^constant: step must be a number >= 0, found number -1$/],
      [() => scheduleFromConfig({ className: 'OneCycle', config: {} }), /^scheduleFromConfig: unknown schedule "OneCycle"/],
    ];
    for (const [make, message] of bad) assert.throws(make, (e: Error) => e instanceof tl.ArgumentError && message.test(e.message), String(message));
  });
});
