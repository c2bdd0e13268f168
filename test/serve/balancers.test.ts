import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LeastResponseTimeBalancer, PowerOfTwoBalancer, RoundRobinBalancer, WeightedBalancer, createBalancer } from '../../src/serve/balancer/index.js';
import type { ReplicaLoad } from '../../src/serve/balancer/index.js';
import { Random } from '../../src/tensor/random.js';

const load = (slot: number, inFlight = 0, latencyMs = 0, rowsPerSecond = 0): ReplicaLoad => ({ slot, inFlight, latencyMs, rowsPerSecond });

/** Slots picked over `n` picks. */
function picks(pick: (c: readonly ReplicaLoad[]) => ReplicaLoad, candidates: readonly ReplicaLoad[], n: number): number[] {
  return Array.from({ length: n }, () => pick(candidates).slot);
}

describe('RoundRobinBalancer', () => {
  it('takes each replica in slot order, whatever the load', () => {
    const b = new RoundRobinBalancer();
    assert.deepEqual(picks((c) => b.pick(c), [load(2, 9), load(0, 5), load(1)], 6), [0, 1, 2, 0, 1, 2]);
  });

  it('keeps its turn when a replica leaves or a replacement joins', () => {
    const b = new RoundRobinBalancer();
    assert.equal(b.pick([load(0), load(1), load(2)]).slot, 0);
    assert.equal(b.pick([load(0), load(1), load(2)]).slot, 1);
    // Slot 2 died: the turn wraps to 0 instead of restarting or skipping.
    assert.equal(b.pick([load(0), load(1)]).slot, 0);
    assert.equal(b.pick([load(0), load(1), load(2)]).slot, 1);
    assert.equal(b.pick([load(0), load(1), load(2)]).slot, 2);
  });
});

describe('WeightedBalancer', () => {
  it('gives configured weights their share, interleaved rather than in bursts', () => {
    const b = new WeightedBalancer([3, 1]);
    const seq = picks((c) => b.pick(c), [load(0), load(1)], 8);
    assert.deepEqual(seq.filter((s) => s === 0).length, 6);
    // Smooth WRR never sends more than three in a row to the heavy replica with weights 3:1.
    assert.ok(!seq.join('').includes('0000'), seq.join(''));
  });

  it('weights unconfigured slots by measured capacity (rows/s)', () => {
    const b = new WeightedBalancer();
    const seq = picks((c) => b.pick(c), [load(0, 0, 5, 900), load(1, 0, 5, 100)], 100);
    assert.equal(seq.filter((s) => s === 1).length, 10);
  });

  it('weighs replicas equally before anything is measured, and an unmeasured one as the measured mean', () => {
    const b = new WeightedBalancer();
    assert.deepEqual(picks((c) => b.pick(c), [load(0), load(1)], 4).sort(), [0, 0, 1, 1]);
    const c = new WeightedBalancer();
    const seq = picks((x) => c.pick(x), [load(0, 0, 1, 200), load(1, 0, 1, 200), load(2)], 30);
    assert.deepEqual([0, 1, 2].map((s) => seq.filter((v) => v === s).length), [10, 10, 10]);
  });
});

describe('LeastResponseTimeBalancer', () => {
  const b = new LeastResponseTimeBalancer();

  it('picks the lowest latency x (in-flight + 1)', () => {
    // 10 ms x 3 = 30 against 25 ms x 1 = 25: the slower replica with an empty queue wins.
    assert.equal(b.pick([load(0, 2, 10), load(1, 0, 25)]).slot, 1);
    assert.equal(b.pick([load(0, 1, 10), load(1, 0, 25)]).slot, 0);
  });

  it('counts an unmeasured replica at the measured mean, so it gets its share and not every batch', () => {
    assert.equal(b.pick([load(0, 1, 10), load(1, 0, 0)]).slot, 1);
    assert.equal(b.pick([load(0, 0, 10), load(1, 2, 0)]).slot, 0);
    // Nothing measured yet: the fewest in flight.
    assert.equal(b.pick([load(0, 3), load(1, 1), load(2, 2)]).slot, 1);
  });

  it('breaks ties by in-flight, then slot', () => {
    assert.equal(b.pick([load(0, 1, 10), load(1, 0, 20)]).slot, 1);
    assert.equal(b.pick([load(1, 0, 10), load(0, 0, 10)]).slot, 0);
  });
});

describe('PowerOfTwoBalancer', () => {
  it('of the two drawn, takes the one with fewer batches in flight', () => {
    // With two replicas both are always drawn: the less loaded one always wins.
    const b = new PowerOfTwoBalancer(new Random(1));
    assert.deepEqual(new Set(picks((c) => b.pick(c), [load(0, 5), load(1, 2)], 20)), new Set([1]));
  });

  it('draws two distinct replicas uniformly, so the most loaded is never chosen and the least always can be', () => {
    const b = new PowerOfTwoBalancer(new Random(7));
    const candidates = [load(0, 1), load(1, 2), load(2, 3), load(3, 9)];
    const seq = picks((c) => b.pick(c), candidates, 6000);
    const counts = [0, 1, 2, 3].map((s) => seq.filter((v) => v === s).length);
    // Slot k wins when drawn with a more loaded one: P = (3 - k) / 6 pairs of 6.
    assert.equal(counts[3], 0);
    [0.5, 1 / 3, 1 / 6].forEach((p, s) => assert.ok(Math.abs(counts[s]! / 6000 - p) < 0.03, `slot ${s}: ${counts[s]} of 6000, expected ~${p}`));
  });

  it('with one replica, picks it', () => {
    assert.equal(new PowerOfTwoBalancer(new Random(1)).pick([load(4, 100)]).slot, 4);
  });
});

describe('createBalancer', () => {
  it('makes each policy by name', () => {
    for (const policy of ['round-robin', 'weighted', 'least-response-time', 'power-of-two'] as const) {
      assert.equal(createBalancer(policy).policy, policy);
    }
  });
});
