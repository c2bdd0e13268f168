import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as tl from '../../../src/index.js';
import { clipGradients } from '../../../src/nn/optimizers/clipping.js';
import { assertClose } from '../../helpers/opCheck.js';

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
