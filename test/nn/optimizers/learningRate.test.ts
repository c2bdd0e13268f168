import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as tl from '../../../src/index.js';

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
