/**
 * Checks the float64 backward references (test/helpers/referenceBackward.ts) against the forward
 * references (test/helpers/reference.ts), independently of any backend: each backward function
 * is the adjoint of its forward one, <forward(x), dy> = <x, backward(dy)>, for linear maps
 * (conv2d in x and in w, average pooling, gather) and for max pooling with distinct values
 * (where the max is a fixed selection, hence linear nearby).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { NDArray, RefPadding } from '../helpers/reference.js';
import * as ref from '../helpers/reference.js';
import * as refB from '../helpers/referenceBackward.js';

function random(shape: number[], seed: number): NDArray {
  // mulberry32
  let s = seed >>> 0;
  const next = (): number => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), s | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return ref.nd(Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => next() * 4 - 2), shape);
}

/** Distinct values in a scrambled order. */
function distinct(shape: number[]): NDArray {
  const n = shape.reduce((a, b) => a * b, 1);
  return ref.nd(Array.from({ length: n }, (_, i) => ((i * 7919) % n) - n / 2), shape);
}

function dot(a: NDArray, b: NDArray): number {
  assert.deepEqual(a.shape, b.shape);
  return a.data.reduce((s, v, i) => s + v * b.data[i]!, 0);
}

function assertNear(a: number, b: number, what: string): void {
  assert.ok(Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b)), `${what}: ${a} != ${b}`);
}

describe('backward references are the adjoints of the forward references', () => {
  const convCases: [number[], number[], [number, number], RefPadding, [number, number]][] = [
    [[2, 5, 6, 3], [3, 3, 3, 4], [1, 1], 'valid', [1, 1]],
    [[2, 7, 6, 2], [2, 3, 2, 3], [2, 1], 1, [1, 1]],
    [[1, 8, 9, 3], [3, 3, 3, 2], [1, 1], 2, [2, 2]],
    [[2, 7, 6, 2], [4, 3, 2, 3], [1, 1], 'same', [1, 1]],
    [[2, 9, 8, 3], [3, 2, 3, 5], [2, 3], 'same', [2, 1]],
    [[1, 4, 3, 2], [5, 5, 2, 2], [1, 1], 2, [1, 1]],
  ];
  convCases.forEach(([xShape, wShape, strides, padding, dilations], i) => {
    it(`conv2d x ${JSON.stringify(xShape)} w ${JSON.stringify(wShape)} strides ${strides} padding ${padding} dilations ${dilations}`, () => {
      const x = random(xShape, 10 + i);
      const w = random(wShape, 20 + i);
      const y = ref.conv2d(x, w, strides, padding, dilations);
      const dy = random(y.shape, 30 + i);
      const rows = refB.outAndPad(xShape[1]!, (wShape[0]! - 1) * dilations[0] + 1, strides[0], padding);
      const cols = refB.outAndPad(xShape[2]!, (wShape[1]! - 1) * dilations[1] + 1, strides[1], padding);
      assert.deepEqual(y.shape, [xShape[0], rows.out, cols.out, wShape[3]]);
      const g: refB.ConvGeometry = { out: [rows.out, cols.out], strides, dilations, padBefore: [rows.before, cols.before] };
      const dx = refB.conv2dBackwardInput(dy, w, [xShape[1]!, xShape[2]!], g);
      const dw = refB.conv2dBackwardFilter(x, dy, [wShape[0]!, wShape[1]!], g);
      assertNear(dot(x, dx), dot(y, dy), 'conv2dBackwardInput');
      assertNear(dot(w, dw), dot(y, dy), 'conv2dBackwardFilter');
    });
  });

  const poolCases: [number[], [number, number], [number, number], RefPadding][] = [
    [[2, 4, 6, 3], [2, 2], [2, 2], 'valid'],
    [[2, 5, 5, 2], [3, 3], [1, 1], 1],
    [[1, 5, 7, 3], [2, 2], [2, 2], 'same'],
    [[1, 7, 6, 2], [3, 3], [2, 2], 'same'],
    [[2, 6, 5, 2], [3, 2], [2, 1], 1],
  ];
  for (const kind of ['max', 'avg'] as const) {
    poolCases.forEach(([xShape, size, strides, padding], i) => {
      it(`${kind} pool x ${JSON.stringify(xShape)} size ${size} strides ${strides} padding ${padding}`, () => {
        const x = kind === 'max' ? distinct(xShape) : random(xShape, 40 + i);
        const y = ref.pool(kind, x, size, strides, padding);
        const dy = random(y.shape, 50 + i);
        const rows = refB.outAndPad(xShape[1]!, size[0], strides[0], padding);
        const cols = refB.outAndPad(xShape[2]!, size[1], strides[1], padding);
        const g: refB.PoolGeometry = { out: [rows.out, cols.out], strides, size, padBefore: [rows.before, cols.before] };
        assertNear(dot(x, refB.pool2dBackward(kind, dy, x, g)), dot(y, dy), 'pool2dBackward');
      });
    });
  }

  it('max pool backward picks the first of equal maxima', () => {
    const x = ref.nd([1, 3, 3, 2], [1, 2, 2, 1]);
    const dy = ref.nd([5], [1, 1, 1, 1]);
    const g: refB.PoolGeometry = { out: [1, 1], strides: [1, 1], size: [2, 2], padBefore: [0, 0] };
    assert.deepEqual(Array.from(refB.pool2dBackward('max', dy, x, g).data), [0, 5, 0, 0]);
  });

  it('scatterAdd is the adjoint of gather', () => {
    const cases: [number[], number[], number][] = [
      [[3, 4], [2, 0, 2, 2, 1], 0],
      [[2, 5, 3], [4, 4, 0], 1],
      [[2, 3, 4], [3, 1, 3], 2],
    ];
    cases.forEach(([shape, indices, axis], i) => {
      const x = random(shape, 60 + i);
      const y = ref.gather(x, indices, axis);
      const dy = random(y.shape, 70 + i);
      assertNear(dot(x, refB.scatterAdd(dy, indices, axis, shape[axis]!)), dot(y, dy), 'scatterAdd');
    });
  });
});
