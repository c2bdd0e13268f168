import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as tl from '../../src/index.js';

describe('tape: loss.backward()', () => {
  it('fills .grad of leaves that require it, and only those', () => {
    const x = tl.variable([1, 2, 3]);
    const c = tl.tensor([4, 5, 6]);
    tl.sum(tl.mul(x, c)).backward();
    assert.deepEqual(x.grad!.toArray(), [4, 5, 6]);
    assert.equal(c.grad, null);
  });

  it('adds the gradients of every path through a tensor used twice', () => {
    const x = tl.variable([3]);
    // y = x*x + x  =>  dy/dx = 2x + 1 = 7
    tl.add(tl.mul(x, x), x).sum().backward();
    assert.deepEqual(x.grad!.toArray(), [7]);
  });

  it('accumulates into .grad across backward calls until it is reset', () => {
    const x = tl.variable([2]);
    x.square().sum().backward();
    x.square().sum().backward();
    assert.deepEqual(x.grad!.toArray(), [8]);
    assert.equal(x.grad!.requiresGrad, false);
    x.grad = null;
    x.square().sum().backward();
    assert.deepEqual(x.grad!.toArray(), [4]);
  });

  it('releases the graph after backward unless retainGraph is set', () => {
    const x = tl.variable([1, 2]);
    const loss = x.exp().sum();
    loss.backward(undefined, { retainGraph: true });
    loss.backward();
    assert.deepEqual(Array.from(x.grad!.dataSync(), (v) => +v.toFixed(5)), [2 * Math.E, 2 * Math.exp(2)].map((v) => +v.toFixed(5)));
    assert.equal(loss.requiresGrad, false);
    assert.throws(() => loss.backward(), (e: Error) => e instanceof tl.GradientError && /already released/.test(e.message));
  });

  it('needs dy of the output shape for a non-scalar output', () => {
    const x = tl.variable([1, 2, 3]);
    const y = x.mul(2);
    assert.throws(() => y.backward(), (e: Error) => e instanceof tl.GradientError && /shape \[3\]/.test(e.message));
    assert.throws(() => y.backward(tl.ones([2])), (e: Error) => e instanceof tl.ShapeError && /dy has shape \[2\]/.test(e.message));
    y.backward(tl.tensor([1, 10, 100]));
    assert.deepEqual(x.grad!.toArray(), [2, 20, 200]);
  });

  it('refuses gradients for int32 tensors and for non-leaves', () => {
    assert.throws(() => { tl.tensor([1], [1], 'int32').requiresGrad = true; }, tl.DTypeError);
    const y = tl.variable([1]).mul(2);
    assert.throws(() => { y.requiresGrad = false; }, tl.GradientError);
    assert.throws(() => tl.tensor([1, 2]).sum().backward(), tl.GradientError);
  });

  it('records nothing inside noGrad, and detach() cuts the graph', () => {
    const x = tl.variable([1, 2]);
    const inside = tl.noGrad(() => x.mul(3));
    assert.equal(inside.requiresGrad, false);
    assert.equal(inside.tapeEntry, null);
    const cut = x.mul(3).detach();
    assert.equal(cut.requiresGrad, false);
    assert.deepEqual(cut.toArray(), [3, 6]);
  });

  it('walks long chains without overflowing the stack', () => {
    const x = tl.variable([1]);
    let y = x;
    for (let i = 0; i < 20000; i++) y = y.add(1);
    y.sum().backward();
    assert.deepEqual(x.grad!.toArray(), [1]);
  });

  it('only computes gradients of inputs that need them', () => {
    // A matMul with a constant left operand must not run the (possibly large) product for it.
    const x = tl.ones([64, 32]);
    const w = tl.variable(tl.ones([32, 8]));
    tl.matMul(x, w).sum().backward();
    assert.deepEqual(w.grad!.shape, [32, 8]);
    assert.equal(x.grad, null);
    assert.ok(w.grad!.dataSync().every((v) => v === 64));
  });

  it('assign replaces a leaf value without disturbing tensors computed from the old one', () => {
    const w = tl.variable([1, 2]);
    const before = w.mul(10);
    w.assign(tl.tensor([5, 6]));
    assert.deepEqual(w.toArray(), [5, 6]);
    assert.deepEqual(before.toArray(), [10, 20]);
    assert.equal(w.requiresGrad, true);
    assert.throws(() => w.assign(tl.tensor([1, 2, 3])), (e: Error) => e instanceof tl.ShapeError && /assign: expected a float32 tensor of shape \[2\], found float32 \[3\]/.test(e.message));
    assert.throws(() => w.mul(2).assign(tl.tensor([1, 2])), tl.GradientError);
  });
});

describe('functional gradients', () => {
  it('grad and valueAndGrad of a scalar function', () => {
    const f = (x: tl.Tensor) => x.pow(3).sum();
    const x = tl.tensor([1, 2]);
    assert.deepEqual(tl.grad(f)(x).toArray(), [3, 12]);
    const { value, grad } = tl.valueAndGrad(f)(x);
    assert.equal(value.item(), 9);
    assert.deepEqual(grad.toArray(), [3, 12]);
    assert.equal(x.grad, null, 'the caller\'s tensor is left untouched');
    assert.equal(value.requiresGrad, false);
  });

  it('grads of several inputs, zeros for an unused one, and dy for a non-scalar output', () => {
    const [da, db, dc] = tl.grads((a, b) => a!.mul(b!))([tl.tensor([2, 3]), tl.tensor([5, 7]), tl.tensor([1])], tl.tensor([1, 10]));
    assert.deepEqual(da!.toArray(), [5, 70]);
    assert.deepEqual(db!.toArray(), [2, 30]);
    assert.deepEqual(dc!.toArray(), [0]);
    const { value, grads } = tl.valueAndGrads((a) => a!.sum())([tl.ones([2, 2])]);
    assert.equal(value.item(), 4);
    assert.deepEqual(grads[0]!.toArray(), [[1, 1], [1, 1]]);
  });

  it('refuses bad arguments with typed errors', () => {
    assert.throws(() => tl.grad('nope' as unknown as (x: tl.Tensor) => tl.Tensor), tl.ArgumentError);
    assert.throws(() => tl.grad(() => 3 as unknown as tl.Tensor)(tl.ones([1])), (e: Error) => e instanceof tl.ArgumentError && /valueAndGrads: expected the value f returned to be a Tensor, found number 3/.test(e.message));
    assert.throws(() => tl.grad((x) => x.mul(2))(tl.ones([2])), tl.GradientError);
  });
});
