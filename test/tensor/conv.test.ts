import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as tl from '../../src/index.js';
import { checkOp } from '../helpers/opCheck.js';
import * as ref from '../helpers/reference.js';
import { assertTensor, assertThrows, distinct, u } from './util.js';

type Pair = [number, number];
const pairOf = (v: number | Pair): Pair => (typeof v === 'number' ? [v, v] : v);

/** An NHWC image [1, h, w, 1] holding 1, 2, 3, ... row by row. */
const counting = (h: number, w: number): tl.Tensor => tl.reshape(tl.range(1, h * w + 1), [1, h, w, 1]);

describe('conv2d: values and gradients of input and filter against float64', () => {
  const cases: { x: number[]; f: number[]; strides: number | Pair; padding: tl.Padding; dilations: number | Pair }[] = [
    { x: [2, 5, 5, 3], f: [3, 3, 3, 4], strides: 1, padding: 'valid', dilations: 1 },
    { x: [2, 5, 5, 3], f: [3, 3, 3, 4], strides: 1, padding: 'same', dilations: 1 },
    { x: [2, 5, 5, 3], f: [3, 3, 3, 2], strides: 1, padding: 1, dilations: 1 },
    { x: [2, 5, 5, 3], f: [3, 3, 3, 2], strides: 2, padding: 'valid', dilations: 1 },
    { x: [2, 5, 5, 3], f: [3, 3, 3, 2], strides: 2, padding: 'same', dilations: 1 },
    { x: [2, 5, 5, 2], f: [3, 3, 2, 2], strides: 2, padding: 2, dilations: 1 },
    { x: [2, 5, 5, 2], f: [2, 2, 2, 3], strides: 1, padding: 'valid', dilations: 2 },
    { x: [2, 5, 5, 2], f: [2, 2, 2, 3], strides: 1, padding: 'same', dilations: 2 },
    { x: [1, 6, 6, 2], f: [3, 3, 2, 2], strides: 2, padding: 'same', dilations: 2 },
    // Even filter under 'same': the extra padding goes after (TF's split).
    { x: [2, 4, 4, 2], f: [2, 2, 2, 3], strides: 1, padding: 'same', dilations: 1 },
    { x: [2, 5, 4, 2], f: [2, 2, 2, 2], strides: 2, padding: 'same', dilations: 1 },
    // Different settings per axis and a non-square input and filter.
    { x: [1, 4, 6, 2], f: [2, 3, 2, 3], strides: [1, 2], padding: 'valid', dilations: 1 },
    { x: [1, 6, 5, 2], f: [3, 2, 2, 2], strides: [2, 1], padding: 'same', dilations: [1, 2] },
    // A 1x1 filter is a per-pixel matrix product.
    { x: [2, 3, 3, 4], f: [1, 1, 4, 3], strides: 1, padding: 'valid', dilations: 1 },
    // The filter covers the whole image.
    { x: [2, 3, 3, 2], f: [3, 3, 2, 2], strides: 1, padding: 'valid', dilations: 1 },
  ];
  cases.forEach(({ x, f, strides, padding, dilations }, i) => {
    it(`x ${JSON.stringify(x)} filter ${JSON.stringify(f)} strides ${JSON.stringify(strides)} padding ${JSON.stringify(padding)} dilations ${JSON.stringify(dilations)}`, () => {
      checkOp({
        op: (t, w) => tl.conv2d(t, w, strides, padding, dilations),
        reference: (t, w) => ref.conv2d(t, w, pairOf(strides), padding, pairOf(dilations)),
        inputs: [u(x, 200 + i), u(f, 300 + i, -1, 1)],
      });
    });
  });

  it('empty batch, no output channels, no input channels', () => {
    const check = (x: number[], f: number[], out: number[]): void => {
      const inputs = [u(x, 401), u(f, 402)];
      assert.deepEqual([...tl.conv2d(inputs[0]!, inputs[1]!, 1, 'same').shape], out);
      checkOp({ op: (t, w) => tl.conv2d(t, w, 1, 'same'), reference: (t, w) => ref.conv2d(t, w, [1, 1], 'same'), inputs });
    };
    check([0, 4, 4, 2], [3, 3, 2, 2], [0, 4, 4, 2]);
    check([1, 4, 4, 2], [3, 3, 2, 0], [1, 4, 4, 0]);
    check([1, 4, 4, 0], [3, 3, 0, 2], [1, 4, 4, 2]);
  });
});

describe('conv2d: hand-computed values', () => {
  const ones2x2 = tl.ones([2, 2, 1, 1]);

  it("'valid' and 'same' (padding after for an even filter)", () => {
    assertTensor(tl.conv2d(counting(3, 3), ones2x2), [1, 2, 2, 1], [[[[12], [16]], [[24], [28]]]]);
    assertTensor(tl.conv2d(counting(3, 3), ones2x2, 1, 'same'), [1, 3, 3, 1],
      [[[[12], [16], [9]], [[24], [28], [15]], [[15], [17], [9]]]]);
  });

  it('numeric padding pads both sides with zeros', () => {
    assertTensor(tl.conv2d(counting(2, 2), ones2x2, 1, 1), [1, 3, 3, 1],
      [[[[1], [3], [2]], [[4], [10], [6]], [[3], [7], [4]]]]);
  });

  it('stride 2 and dilation 2', () => {
    assertTensor(tl.conv2d(counting(4, 4), ones2x2, 2), [1, 2, 2, 1], [[[[14], [22]], [[46], [54]]]]);
    // Taps at (0,0), (0,2), (2,0), (2,2) relative to each output: 1 + 3 + 11 + 13 = 28, and so on.
    assertTensor(tl.conv2d(counting(5, 5), ones2x2, 1, 'valid', 2), [1, 3, 3, 1],
      [[[[28], [32], [36]], [[48], [52], [56]], [[68], [72], [76]]]]);
  });

  it('multiple channels and batch > 1 (HWIO filter)', () => {
    const x = tl.tensor([1, 2, -1, 4], [2, 1, 1, 2]);
    const w = tl.tensor([[[[1, 0, 2], [3, 1, -1]]]]);
    assertTensor(tl.conv2d(x, w), [2, 1, 1, 3], [[[[7, 2, 0]]], [[[11, 4, -6]]]]);
  });

  it('gradients of a sum: each input pixel counts the filter taps that reach it', () => {
    const [gx, gw] = tl.grads((x, w) => tl.conv2d(x!, w!, 1, 'valid').sum())([counting(3, 3), ones2x2]);
    assertTensor(gx!, [1, 3, 3, 1], [[[[1], [2], [1]], [[2], [4], [2]], [[1], [2], [1]]]]);
    // Each filter tap sees a 2x2 block of the image: 1+2+4+5, 2+3+5+6, 4+5+7+8, 5+6+8+9.
    assertTensor(gw!, [2, 2, 1, 1], [[[[12]], [[16]]], [[[24]], [[28]]]]);
  });
});

describe('conv2d: bad input', () => {
  const x = tl.zeros([1, 4, 4, 2]);
  const w = tl.zeros([3, 3, 2, 1]);

  it('wrong ranks and dtypes', () => {
    assertThrows(() => tl.conv2d(tl.zeros([4, 4, 2]), w), tl.ShapeError, /^conv2d: expected x of rank 4 \(NHWC\), found \[4,4,2\]/);
    assertThrows(() => tl.conv2d(tl.scalar(1), w), tl.ShapeError, /^conv2d: expected x of rank 4 \(NHWC\), found \[\]/);
    assertThrows(() => tl.conv2d(x, tl.zeros([3, 3, 2])), tl.ShapeError, /^conv2d: expected filter of rank 4 \(NHWC\), found \[3,3,2\]/);
    assertThrows(() => tl.conv2d(tl.zeros([1, 4, 4, 2], 'int32'), w), tl.DTypeError, /^conv2d: expected x to be float32, found int32/);
    assertThrows(() => tl.conv2d(x, tl.zeros([3, 3, 2, 1], 'int32')), tl.DTypeError, /^conv2d: expected filter to be float32, found int32/);
    assertThrows(() => tl.conv2d(x, 'w' as unknown as tl.Tensor), tl.ArgumentError, /^conv2d: expected filter to be a Tensor, found string w/);
  });

  it('channels that do not match', () => {
    assertThrows(() => tl.conv2d(x, tl.zeros([3, 3, 3, 1])), tl.ShapeError,
      /^conv2d: input has 2 channels but the filter expects 3: x \[1,4,4,2\], filter \[3,3,3,1\]/);
  });

  it('an input too small for the (dilated) filter', () => {
    assertThrows(() => tl.conv2d(tl.zeros([1, 2, 2, 2]), w), tl.ShapeError,
      /^conv2d: input \[1,2,2,2\] is too small for filter \[3,3,2,1\]: the output would be 0x0/);
    assertThrows(() => tl.conv2d(x, w, 1, 'valid', [2, 1]), tl.ShapeError,
      /^conv2d: input \[1,4,4,2\] is too small for filter \[3,3,2,1\]: the output would be 0x2/);
  });

  it('bad strides, dilations and padding', () => {
    assertThrows(() => tl.conv2d(x, w, 0), tl.ArgumentError, /^conv2d: strides must be an integer >= 1 or a pair of them, found 0/);
    assertThrows(() => tl.conv2d(x, w, [1, 1.5]), tl.ArgumentError, /^conv2d: strides must be an integer >= 1 or a pair of them, found \[1,1.5\]/);
    assertThrows(() => tl.conv2d(x, w, [1] as unknown as Pair), tl.ArgumentError, /^conv2d: strides must be an integer >= 1 or a pair of them, found \[1\]/);
    assertThrows(() => tl.conv2d(x, w, 1, 'valid', 0), tl.ArgumentError, /^conv2d: dilations must be an integer >= 1 or a pair of them, found 0/);
    assertThrows(() => tl.conv2d(x, w, 1, 'full' as tl.Padding), tl.ArgumentError, /^conv2d: padding must be 'valid', 'same' or a non-negative integer, found "full"/);
    assertThrows(() => tl.conv2d(x, w, 1, -1), tl.ArgumentError, /^conv2d: padding must be 'valid', 'same' or a non-negative integer, found -1/);
  });
});

type Pool = (x: tl.Tensor, poolSize?: number | Pair, strides?: number | Pair, padding?: tl.Padding) => tl.Tensor;
const POOLS: ['max' | 'avg', string, Pool][] = [
  ['max', 'maxPool2d', tl.maxPool2d],
  ['avg', 'avgPool2d', tl.avgPool2d],
];

describe('maxPool2d and avgPool2d: values and gradients against float64', () => {
  const cases: { x: number[]; pool: number | Pair; strides?: number | Pair; padding: tl.Padding }[] = [
    { x: [2, 5, 5, 3], pool: 2, padding: 'valid' },
    { x: [2, 5, 5, 3], pool: 3, padding: 'valid' },
    { x: [2, 5, 5, 3], pool: 2, padding: 'same' },
    { x: [2, 5, 5, 3], pool: 3, padding: 'same' },
    { x: [2, 5, 5, 3], pool: 2, strides: 1, padding: 'valid' },
    { x: [2, 5, 5, 3], pool: 3, strides: 1, padding: 'same' },
    { x: [2, 5, 5, 3], pool: 3, strides: 2, padding: 'valid' },
    { x: [2, 5, 5, 3], pool: 3, strides: 2, padding: 'same' },
    { x: [2, 5, 5, 3], pool: 2, strides: 3, padding: 'valid' },
    { x: [2, 6, 6, 2], pool: 2, strides: 1, padding: 'same' },
    { x: [2, 5, 5, 2], pool: 3, strides: 2, padding: 1 },
    { x: [1, 4, 6, 2], pool: [2, 3], strides: [1, 2], padding: 'valid' },
    { x: [1, 5, 4, 2], pool: [3, 2], strides: [2, 1], padding: 'same' },
  ];
  for (const [kind, name, op] of POOLS) {
    cases.forEach(({ x, pool, strides, padding }, i) => {
      it(`${name} x ${JSON.stringify(x)} pool ${JSON.stringify(pool)} strides ${JSON.stringify(strides ?? pool)} padding ${JSON.stringify(padding)}`, () => {
        // Distinct values: each max-pool window has a unique winner, so finite differences are well defined.
        checkOp({
          op: (t) => op(t, pool, strides, padding),
          reference: (t) => ref.pool(kind, t, pairOf(pool), pairOf(strides ?? pool), padding),
          inputs: [distinct(x, 500 + i)],
        });
      });
    });
    it(`${name} on an empty batch and with no channels`, () => {
      assertTensor(op(tl.zeros([0, 4, 4, 2])), [0, 2, 2, 2], []);
      assertTensor(op(tl.zeros([1, 4, 4, 0]), 3, 1, 'same'), [1, 4, 4, 0], [[[[], [], [], []], [[], [], [], []], [[], [], [], []], [[], [], [], []]]]);
      checkOp({ op: (t) => op(t, 2, 1, 'same'), reference: (t) => ref.pool(kind, t, [2, 2], [1, 1], 'same'), inputs: [u([0, 3, 3, 2], 599)] });
    });
  }
});

describe('maxPool2d and avgPool2d: hand-computed values', () => {
  it("pool 2 'valid' (strides default to the pool size)", () => {
    assertTensor(tl.maxPool2d(counting(4, 4)), [1, 2, 2, 1], [[[[6], [8]], [[14], [16]]]]);
    assertTensor(tl.avgPool2d(counting(4, 4)), [1, 2, 2, 1], [[[[3.5], [5.5]], [[11.5], [13.5]]]]);
  });

  it("'same' windows are clipped: padding never wins a max and is not counted in an average", () => {
    assertTensor(tl.maxPool2d(counting(3, 3), 2, 2, 'same'), [1, 2, 2, 1], [[[[5], [6]], [[8], [9]]]]);
    assertTensor(tl.avgPool2d(counting(3, 3), 2, 2, 'same'), [1, 2, 2, 1], [[[[3], [4.5]], [[7.5], [9]]]]);
    assertTensor(tl.maxPool2d(counting(3, 3), 3, 1, 'same'), [1, 3, 3, 1], [[[[5], [6], [6]], [[8], [9], [9]], [[8], [9], [9]]]]);
    assertTensor(tl.avgPool2d(counting(3, 3), 3, 1, 'same'), [1, 3, 3, 1], [[[[3], [3.5], [4]], [[4.5], [5], [5.5]], [[6], [6.5], [7]]]]);
    // All-negative input: a padded zero must not become the max.
    assertTensor(tl.maxPool2d(tl.neg(counting(3, 3)), 2, 2, 'same'), [1, 2, 2, 1], [[[[-1], [-3]], [[-7], [-9]]]]);
  });

  it('channels are pooled independently', () => {
    const x = tl.tensor([[[[1, -1], [2, -2]], [[3, -3], [4, -4]]]]);
    assertTensor(tl.maxPool2d(x), [1, 1, 1, 2], [[[[4, -1]]]]);
    assertTensor(tl.avgPool2d(x), [1, 1, 1, 2], [[[[2.5, -2.5]]]]);
  });

  it('max-pool gradients go to each window winner and add up over overlapping windows', () => {
    assertTensor(tl.grad((x) => tl.maxPool2d(x, 3, 1, 'same').sum())(counting(3, 3)), [1, 3, 3, 1],
      [[[[0], [0], [0]], [[0], [1], [2]], [[0], [2], [4]]]]);
  });

  it('max-pool ties send the gradient to the first maximum of the window', () => {
    assertTensor(tl.grad((x) => tl.maxPool2d(x, 2).sum())(tl.zeros([1, 2, 4, 1])), [1, 2, 4, 1],
      [[[[1], [0], [1], [0]], [[0], [0], [0], [0]]]]);
  });

  it('avg-pool gradients divide by the number of in-bounds cells', () => {
    // 'same' pool 2 stride 2 on 3x3: window sizes 4, 2, 2, 1.
    assertTensor(tl.grad((x) => tl.avgPool2d(x, 2, 2, 'same').sum())(counting(3, 3)), [1, 3, 3, 1],
      [[[[0.25], [0.25], [0.5]], [[0.25], [0.25], [0.5]], [[0.5], [0.5], [1]]]]);
  });
});

describe('maxPool2d and avgPool2d: bad input', () => {
  for (const [, name, op] of POOLS) {
    it(`${name} names itself and what was wrong`, () => {
      const x = tl.zeros([1, 4, 4, 1]);
      assertThrows(() => op(tl.zeros([4, 4, 1])), tl.ShapeError, new RegExp(`^${name}: expected x of rank 4 \\(NHWC\\), found \\[4,4,1\\]`));
      assertThrows(() => op(tl.zeros([1, 4, 4, 1], 'int32')), tl.DTypeError, new RegExp(`^${name}: expected x to be float32, found int32`));
      assertThrows(() => op(x, 0), tl.ArgumentError, new RegExp(`^${name}: poolSize must be an integer >= 1 or a pair of them, found 0`));
      assertThrows(() => op(x, 2, [1, 0]), tl.ArgumentError, new RegExp(`^${name}: strides must be an integer >= 1 or a pair of them, found \\[1,0\\]`));
      assertThrows(() => op(x, 2, 2, 2), tl.ArgumentError, new RegExp(`^${name}: padding 2 must be smaller than the pool 2x2`));
      assertThrows(() => op(x, 2, 2, 'half' as tl.Padding), tl.ArgumentError, new RegExp(`^${name}: padding must be 'valid', 'same' or a non-negative integer, found "half"`));
      assertThrows(() => op(tl.zeros([1, 2, 5, 1]), 3), tl.ShapeError, new RegExp(`^${name}: input \\[1,2,5,1\\] is too small for pool 3x3: the output would be 0x1`));
    });
  }
});
