import assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, it } from 'node:test';
import * as tl from '../../src/index.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Heap plus typed-array memory after full collections (typed arrays live outside the JS heap). */
function liveBytes(): number {
  for (let i = 0; i < 3; i++) gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

describe('memory without dispose', () => {
  it('a step\'s intermediates become garbage once the loss is dropped', async () => {
    const w = tl.variable(tl.randomNormal([4, 4], 0, 1, 'float32', 1));
    let intermediate: WeakRef<tl.Tensor>;
    (() => {
      const hidden = tl.matMul(tl.ones([2, 4]), w).relu();
      intermediate = new WeakRef(hidden);
      hidden.sum().backward();
    })();
    // Let the turn end so the WeakRef target can be cleared, then collect.
    await new Promise((resolve) => setImmediate(resolve));
    gc();
    assert.equal(intermediate!.deref(), undefined);
    assert.ok(w.grad !== null);
  });

  it('10,000 small training steps keep memory flat', () => {
    const x = tl.randomNormal([16, 8], 0, 1, 'float32', 2);
    const y = tl.oneHot(tl.randomUniform([16], 0, 3, 'int32', 3), 3);
    const params = [
      tl.variable(tl.randomNormal([8, 16], 0, 0.3, 'float32', 4)),
      tl.variable(tl.zeros([16])),
      tl.variable(tl.randomNormal([16, 3], 0, 0.3, 'float32', 5)),
      tl.variable(tl.zeros([3])),
    ];
    const [w1, b1, w2, b2] = params as [tl.Tensor, tl.Tensor, tl.Tensor, tl.Tensor];
    const step = (): number => {
      const h = tl.matMul(x, w1).add(b1).relu();
      const logits = tl.matMul(h, w2).add(b2);
      const loss = tl.neg(tl.mean(tl.sum(tl.mul(y, tl.logSoftmax(logits)), -1)));
      loss.backward();
      tl.noGrad(() => {
        for (const p of params) {
          p.assign(p.sub(p.grad!.mul(0.1)));
          p.grad = null;
        }
      });
      return loss.item();
    };
    let first = 0;
    for (let i = 0; i < 1000; i++) first = step();
    const before = liveBytes();
    let last = 0;
    for (let i = 0; i < 9000; i++) last = step();
    const growth = liveBytes() - before;
    assert.ok(last < first, `training should make progress (loss ${first} -> ${last})`);
    // One step allocates tens of kilobytes; 9,000 retained steps would be hundreds of megabytes.
    assert.ok(growth < 2 * 1024 * 1024, `live memory grew by ${(growth / 1024).toFixed(0)} KiB over 9,000 steps`);
  });
});
