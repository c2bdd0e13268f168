import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as tl from '../../src/index.js';
import { checkOp } from '../helpers/opCheck.js';
import * as ref from '../helpers/reference.js';
import { assertTensor, assertThrows, u } from './util.js';

const reshapeRef = (shape: number[]) => (x: ref.NDArray): ref.NDArray => ref.nd(x.data, shape);

describe('reshape', () => {
  const cases: [number[], number[], number[]][] = [
    // [input shape, argument, resolved shape]
    [[2, 3], [3, 2], [3, 2]],
    [[2, 3], [-1], [6]],
    [[2, 3, 4], [4, -1], [4, 6]],
    [[2, 3, 4], [2, -1, 2], [2, 6, 2]],
    [[], [1, 1], [1, 1]],
    [[1, 1], [], []],
    [[], [-1], [1]],
    [[0, 3], [3, 0], [3, 0]],
    [[0, 3], [-1, 3], [0, 3]],
    [[2, 0], [0, 5], [0, 5]],
  ];
  for (const [from, arg, to] of cases) {
    it(`${JSON.stringify(from)} to ${JSON.stringify(arg)}: values and gradients`, () => {
      const x = u(from, 111);
      assert.deepEqual([...tl.reshape(x, arg).shape], to);
      checkOp({ op: (t) => tl.reshape(t, arg), reference: reshapeRef(to), inputs: [x] });
    });
  }

  it('keeps row-major order (hand-computed)', () => {
    assertTensor(tl.reshape(tl.tensor([1, 2, 3, 4, 5, 6]), [2, -1]), [2, 3], [[1, 2, 3], [4, 5, 6]]);
    assertTensor(tl.tensor([[1, 2], [3, 4]]).reshape([4]), [4], [1, 2, 3, 4]);
    assertTensor(tl.tensor([[1, 2], [3, 4]]).flatten(), [4], [1, 2, 3, 4]);
    assertTensor(tl.reshape(tl.tensor([5], [1], 'int32'), []), [], 5, 'int32');
  });

  it('refuses sizes that do not match, several -1s and bad entries', () => {
    const x = tl.zeros([2, 3]);
    assertThrows(() => tl.reshape(x, [4]), tl.ShapeError, /^reshape: cannot reshape \[2,3\] \(6 elements\) to \[4\] \(4 elements\)/);
    assertThrows(() => tl.reshape(x, [-1, 4]), tl.ShapeError, /^reshape: cannot reshape \[2,3\] \(6 elements\) to \[-1,4\]/);
    assertThrows(() => tl.reshape(x, [-1, -1]), tl.ShapeError, /^reshape: only one dimension can be -1, found \[-1,-1\]/);
    assertThrows(() => tl.reshape(x, [-2, -3]), tl.ShapeError, /^reshape: expected a shape of integers >= -1, found \[-2,-3\]/);
    assertThrows(() => tl.reshape(x, [1.5, 4]), tl.ShapeError, /^reshape: expected a shape of integers >= -1, found \[1.5,4\]/);
    assertThrows(() => tl.reshape(tl.zeros([0, 3]), [-1, 0]), tl.ShapeError, /^reshape: cannot reshape \[0,3\] \(0 elements\) to \[-1,0\]/);
    assertThrows(() => tl.reshape(tl.scalar(1), [2]), tl.ShapeError, /^reshape: cannot reshape \[\] \(1 elements\) to \[2\]/);
  });
});

describe('transpose', () => {
  const cases: [number[], number[] | undefined, number[]][] = [
    [[2, 3], undefined, [1, 0]],
    [[2, 3, 4], undefined, [2, 1, 0]],
    [[2, 3, 4], [1, 2, 0], [1, 2, 0]],
    [[2, 3, 4], [0, 2, 1], [0, 2, 1]],
    [[2, 3, 4], [-1, 0, -2], [2, 0, 1]],
    [[2, 1, 3, 2], [3, 1, 0, 2], [3, 1, 0, 2]],
    [[5], undefined, [0]],
    [[], undefined, []],
    [[0, 3], undefined, [1, 0]],
    [[2, 0, 3], [2, 0, 1], [2, 0, 1]],
  ];
  for (const [shape, perm, resolved] of cases) {
    it(`${JSON.stringify(shape)} perm ${JSON.stringify(perm)}: values and gradients`, () => {
      checkOp({ op: (x) => tl.transpose(x, perm), reference: (x) => ref.transpose(x, resolved), inputs: [u(shape, 121)] });
    });
  }

  it('hand-computed: a matrix transpose by default', () => {
    assertTensor(tl.transpose(tl.tensor([[1, 2, 3], [4, 5, 6]])), [3, 2], [[1, 4], [2, 5], [3, 6]]);
    assertTensor(tl.tensor([[[1, 2]], [[3, 4]]]).transpose([2, 0, 1]), [2, 2, 1], [[[1], [3]], [[2], [4]]]);
    assertTensor(tl.transpose(tl.tensor([[1, 2], [3, 4]], [2, 2], 'int32')), [2, 2], [[1, 3], [2, 4]], 'int32');
  });

  it('refuses perms that are not permutations of the axes', () => {
    const x = tl.zeros([2, 3]);
    assertThrows(() => tl.transpose(x, [0, 0]), tl.ArgumentError, /^transpose: perm \[0,0\] is not a permutation of the 2 axes of \[2,3\]/);
    assertThrows(() => tl.transpose(x, [0]), tl.ArgumentError, /^transpose: perm \[0\] is not a permutation of the 2 axes of \[2,3\]/);
    assertThrows(() => tl.transpose(x, [1, -1]), tl.ArgumentError, /^transpose: perm \[1,-1\] is not a permutation of the 2 axes of \[2,3\]/);
    assertThrows(() => tl.transpose(x, [0, 2]), tl.ArgumentError, /^transpose: axis 2 is out of range for a tensor of rank 2/);
  });
});

describe('broadcastTo', () => {
  const cases: [number[], number[]][] = [
    [[3], [2, 3]],
    [[2, 1], [2, 4]],
    [[1, 3], [4, 3]],
    [[], [2, 3]],
    [[2, 1, 3], [4, 2, 5, 3]],
    [[1, 3], [0, 3]],
    [[0, 1], [2, 0, 4]],
  ];
  for (const [from, to] of cases) {
    it(`${JSON.stringify(from)} to ${JSON.stringify(to)}: values and gradients`, () => {
      checkOp({ op: (x) => tl.broadcastTo(x, to), reference: (x) => ref.broadcastTo(x, to), inputs: [u(from, 131)] });
    });
  }

  it('hand-computed values and the summed gradient', () => {
    assertTensor(tl.broadcastTo(tl.tensor([1, 2]), [2, 2]), [2, 2], [[1, 2], [1, 2]]);
    assertTensor(tl.broadcastTo(tl.tensor([[1], [2]]), [2, 3]), [2, 3], [[1, 1, 1], [2, 2, 2]]);
    assertTensor(tl.broadcastTo(tl.scalar(7, 'int32'), [2]), [2], [7, 7], 'int32');
    assertTensor(tl.grad((x) => tl.broadcastTo(x, [3, 2, 2]).sum())(tl.tensor([[1], [2]])), [2, 1], [[6], [6]]);
  });

  it('to its own shape returns the same tensor', () => {
    const x = tl.zeros([2, 3]);
    assert.equal(tl.broadcastTo(x, [2, 3]), x);
  });

  it('refuses targets it cannot reach, naming both shapes', () => {
    assertThrows(() => tl.broadcastTo(tl.zeros([2, 3]), [3]), tl.ShapeError, /^broadcastTo: cannot broadcast \[2,3\] to \[3\]/);
    assertThrows(() => tl.broadcastTo(tl.zeros([2, 3]), [2, 1]), tl.ShapeError, /^broadcastTo: cannot broadcast \[2,3\] to \[2,1\]/);
    assertThrows(() => tl.broadcastTo(tl.zeros([2]), []), tl.ShapeError, /^broadcastTo: cannot broadcast \[2\] to \[\]/);
    assertThrows(() => tl.broadcastTo(tl.zeros([2, 3]), [4, 3]), tl.ShapeError, /^broadcastTo: shapes \[2,3\] and \[4,3\] cannot be broadcast together/);
  });
});

describe('slice', () => {
  const cases: [number[], number[], number[] | undefined, number[]][] = [
    // [shape, begin, size, resolved size]
    [[4, 5], [1, 2], [2, 3], [2, 3]],
    [[4, 5], [1, 2], [-1, 2], [3, 2]],
    [[4, 5], [0, 1], [2, -1], [2, 4]],
    [[4, 5], [3, 4], undefined, [1, 1]],
    [[2, 3, 4], [1, 0, 1], [1, -1, 2], [1, 3, 2]],
    [[4, 5], [1, 2], [0, 3], [0, 3]],
    [[4, 5], [4, 0], [-1, -1], [0, 5]],
    [[], [], [], []],
    [[0, 3], [0, 1], [-1, 2], [0, 2]],
  ];
  for (const [shape, begin, size, resolved] of cases) {
    it(`${JSON.stringify(shape)} begin ${JSON.stringify(begin)} size ${JSON.stringify(size)}: values and gradients`, () => {
      checkOp({ op: (x) => tl.slice(x, begin, size), reference: (x) => ref.slice(x, begin, resolved), inputs: [u(shape, 141)] });
    });
  }

  it('hand-computed values and gradient (zeros outside the slice)', () => {
    const x = tl.tensor([[1, 2, 3], [4, 5, 6], [7, 8, 9]]);
    assertTensor(tl.slice(x, [1, 0], [2, 2]), [2, 2], [[4, 5], [7, 8]]);
    assertTensor(x.slice([0, 1], [-1, 1]), [3, 1], [[2], [5], [8]]);
    assertTensor(x.slice([2, 2]), [1, 1], [[9]]);
    assertTensor(tl.grad((t) => tl.slice(t, [0, 1], [2, -1]).sum())(x), [3, 3], [[0, 1, 1], [0, 1, 1], [0, 0, 0]]);
  });

  it('refuses out-of-bounds and malformed arguments, naming axis, begin, size and shape', () => {
    const x = tl.zeros([2, 3]);
    assertThrows(() => tl.slice(x, [0, 2], [1, 5]), tl.ArgumentError, /^slice: out of bounds on axis 1: begin \[0,2\], size \[1,5\] on \[2,3\]/);
    assertThrows(() => tl.slice(x, [3, 0]), tl.ArgumentError, /^slice: out of bounds on axis 0: begin \[3,0\], size undefined on \[2,3\]/);
    assertThrows(() => tl.slice(x, [-1, 0], [1, 1]), tl.ArgumentError, /^slice: out of bounds on axis 0: begin \[-1,0\]/);
    assertThrows(() => tl.slice(x, [0, 0], [1, -2]), tl.ArgumentError, /^slice: out of bounds on axis 1: begin \[0,0\], size \[1,-2\]/);
    assertThrows(() => tl.slice(x, [0, 0.5], [1, 1]), tl.ArgumentError, /^slice: out of bounds on axis 1/);
    assertThrows(() => tl.slice(x, [0], [1, 1]), tl.ArgumentError, /^slice: begin and size need one entry per axis \(2\): begin \[0\], size \[1,1\] on \[2,3\]/);
    assertThrows(() => tl.slice(x, [0, 0], [1]), tl.ArgumentError, /^slice: begin and size need one entry per axis \(2\): begin \[0,0\], size \[1\] on \[2,3\]/);
  });
});

describe('pad', () => {
  const cases: [number[], [number, number][]][] = [
    [[2, 3], [[1, 2], [0, 1]]],
    [[2, 3], [[0, 0], [0, 0]]],
    [[3], [[2, 0]]],
    [[2, 1, 2], [[0, 1], [2, 2], [1, 0]]],
    [[], []],
    [[0, 2], [[1, 1], [0, 0]]],
    [[2, 0], [[0, 0], [0, 0]]],
  ];
  for (const [shape, paddings] of cases) {
    it(`${JSON.stringify(shape)} by ${JSON.stringify(paddings)}: values and gradients`, () => {
      checkOp({ op: (x) => tl.pad(x, paddings), reference: (x) => ref.pad(x, paddings), inputs: [u(shape, 151)] });
    });
  }

  it('hand-computed values', () => {
    assertTensor(tl.pad(tl.tensor([[1, 2], [3, 4]]), [[1, 0], [0, 2]]), [3, 4], [[0, 0, 0, 0], [1, 2, 0, 0], [3, 4, 0, 0]]);
    assertTensor(tl.pad(tl.tensor([5], [1], 'int32'), [[1, 1]]), [3], [0, 5, 0], 'int32');
    assertTensor(tl.pad(tl.zeros([0]), [[1, 2]]), [3], [0, 0, 0]);
  });

  it('refuses negative, non-integer or missing paddings', () => {
    const x = tl.zeros([2, 3]);
    assertThrows(() => tl.pad(x, [[1, -1], [0, 0]]), tl.ArgumentError, /^pad: expected 2 pairs of non-negative integers for \[2,3\], found \[\[1,-1\],\[0,0\]\]/);
    assertThrows(() => tl.pad(x, [[1, 1]]), tl.ArgumentError, /^pad: expected 2 pairs of non-negative integers for \[2,3\], found \[\[1,1\]\]/);
    assertThrows(() => tl.pad(x, [[1, 0.5], [0, 0]]), tl.ArgumentError, /^pad: expected 2 pairs of non-negative integers for \[2,3\]/);
    assertThrows(() => tl.pad(x, [[1], [0, 0]] as unknown as [number, number][]), tl.ArgumentError, /^pad: expected 2 pairs of non-negative integers for \[2,3\], found \[\[1\],\[0,0\]\]/);
  });
});

describe('concat', () => {
  const cases: [number[][], number, number][] = [
    // [input shapes, axis, resolved axis]
    [[[2, 3], [1, 3], [4, 3]], 0, 0],
    [[[2, 3], [2, 1], [2, 2]], 1, 1],
    [[[2, 3], [2, 1], [2, 2]], -1, 1],
    [[[1, 3], [2, 3]], -2, 0],
    [[[2, 2, 3], [2, 1, 3], [2, 4, 3]], 1, 1],
    [[[2, 2, 3], [2, 2, 1]], -1, 2],
    [[[3]], 0, 0],
    [[[2, 0], [2, 3], [2, 0]], 1, 1],
    [[[0, 3], [0, 3]], 1, 1],
    [[[0, 3], [2, 3]], 0, 0],
  ];
  for (const [shapes, axis, resolved] of cases) {
    it(`${JSON.stringify(shapes)} axis ${axis}: values and gradients`, () => {
      checkOp({ op: (...xs) => tl.concat(xs, axis), reference: (...xs) => ref.concat(xs, resolved), inputs: shapes.map((s, i) => u(s, 161 + i)) });
    });
  }

  it('hand-computed values; int32 stays int32', () => {
    assertTensor(tl.concat([tl.tensor([[1, 2]]), tl.tensor([[3, 4], [5, 6]])]), [3, 2], [[1, 2], [3, 4], [5, 6]]);
    assertTensor(tl.concat([tl.tensor([[1], [2]]), tl.tensor([[3], [4]]), tl.tensor([[5], [6]])], -1), [2, 3], [[1, 3, 5], [2, 4, 6]]);
    assertTensor(tl.concat([tl.tensor([1], [1], 'int32'), tl.tensor([2, 3], [2], 'int32')]), [3], [1, 2, 3], 'int32');
  });

  it('the same tensor twice gets both gradients', () => {
    assertTensor(tl.grad((x) => tl.concat([x, tl.mul(x, 3)], 0).sum())(tl.tensor([1, 2])), [2], [4, 4]);
  });

  it('refuses empty lists, scalars, mixed dtypes and shapes that differ off the axis', () => {
    assertThrows(() => tl.concat([]), tl.ArgumentError, /^concat: expected a non-empty array of tensors/);
    assertThrows(() => tl.concat([tl.scalar(1), tl.scalar(2)]), tl.ShapeError, /^concat: cannot concatenate scalars \(rank 0\)/);
    assertThrows(() => tl.concat([tl.zeros([2]), tl.zeros([2], 'int32')]), tl.DTypeError, /^concat: dtypes differ: float32 and int32/);
    assertThrows(() => tl.concat([tl.zeros([2, 3]), tl.zeros([2, 4])]), tl.ShapeError, /^concat: shapes \[2,3\], \[2,4\] differ outside axis 0/);
    assertThrows(() => tl.concat([tl.zeros([2, 3]), tl.zeros([3, 3]), tl.zeros([2, 1])], -1), tl.ShapeError, /^concat: shapes \[2,3\], \[3,3\], \[2,1\] differ outside axis 1/);
    assertThrows(() => tl.concat([tl.zeros([2, 3]), tl.zeros([2, 3, 1])], 1), tl.ShapeError, /^concat: shapes \[2,3\], \[2,3,1\] differ outside axis 1/);
    assertThrows(() => tl.concat([tl.zeros([2, 3])], 2), tl.ArgumentError, /^concat: axis 2 is out of range for a tensor of rank 2/);
    assertThrows(() => tl.concat([tl.zeros([2]), 5 as unknown as tl.Tensor]), tl.ArgumentError, /^concat: expected xs\[1\] to be a Tensor, found number 5/);
  });
});

describe('stack', () => {
  const stackRef = (axis: number) => (...xs: ref.NDArray[]): ref.NDArray => {
    const expanded = xs.map((x) => {
      const shape = x.shape.slice();
      shape.splice(axis, 0, 1);
      return ref.nd(x.data, shape);
    });
    return ref.concat(expanded, axis);
  };
  const cases: [number[], number, number][] = [
    // [shape of each of three inputs, axis, resolved axis]
    [[2, 3], 0, 0],
    [[2, 3], 1, 1],
    [[2, 3], 2, 2],
    [[2, 3], -1, 2],
    [[2, 3], -3, 0],
    [[], 0, 0],
    [[0, 2], 1, 1],
  ];
  for (const [shape, axis, resolved] of cases) {
    it(`three ${JSON.stringify(shape)} on axis ${axis}: values and gradients`, () => {
      checkOp({ op: (...xs) => tl.stack(xs, axis), reference: stackRef(resolved), inputs: [u(shape, 171), u(shape, 172), u(shape, 173)] });
    });
  }

  it('hand-computed values', () => {
    const a = tl.tensor([1, 2]);
    const b = tl.tensor([3, 4]);
    assertTensor(tl.stack([a, b]), [2, 2], [[1, 2], [3, 4]]);
    assertTensor(tl.stack([a, b], -1), [2, 2], [[1, 3], [2, 4]]);
    assertTensor(tl.stack([tl.scalar(1), tl.scalar(2), tl.scalar(3)]), [3], [1, 2, 3]);
  });

  it('refuses mixed shapes and dtypes under its own name, and bad axes', () => {
    assertThrows(() => tl.stack([]), tl.ArgumentError, /^stack: expected a non-empty array of tensors/);
    assertThrows(() => tl.stack([tl.zeros([2]), tl.zeros([3])]), tl.ShapeError, /^stack: tensors must have one shape, found \[2\], \[3\]/);
    assertThrows(() => tl.stack([tl.zeros([2, 1]), tl.zeros([2, 1]), tl.zeros([1, 2])], 1), tl.ShapeError, /^stack: tensors must have one shape, found \[2,1\], \[2,1\], \[1,2\]/);
    assertThrows(() => tl.stack([tl.zeros([2]), tl.zeros([2], 'int32')]), tl.DTypeError, /^stack: dtypes differ: float32 and int32/);
    assertThrows(() => tl.stack([tl.zeros([2]), tl.zeros([2])], 2), tl.ArgumentError, /^stack: axis 2 is out of range/);
    assertThrows(() => tl.stack([tl.zeros([2]), tl.zeros([2])], -3), tl.ArgumentError, /^stack: axis -3 is out of range/);
  });
});

describe('expandDims and squeeze', () => {
  const expandCases: [number[], number, number[]][] = [
    [[2, 3], 0, [1, 2, 3]],
    [[2, 3], 1, [2, 1, 3]],
    [[2, 3], 2, [2, 3, 1]],
    [[2, 3], -1, [2, 3, 1]],
    [[2, 3], -3, [1, 2, 3]],
    [[], 0, [1]],
    [[0, 3], 1, [0, 1, 3]],
  ];
  for (const [shape, axis, out] of expandCases) {
    it(`expandDims ${JSON.stringify(shape)} axis ${axis} -> ${JSON.stringify(out)}: values and gradients`, () => {
      checkOp({ op: (x) => tl.expandDims(x, axis), reference: reshapeRef(out), inputs: [u(shape, 181)] });
    });
  }

  const squeezeCases: [number[], number | number[] | undefined, number[]][] = [
    [[1, 2, 1, 3, 1], undefined, [2, 3]],
    [[1, 2, 1, 3, 1], 0, [2, 1, 3, 1]],
    [[1, 2, 1, 3, 1], -1, [1, 2, 1, 3]],
    [[1, 2, 1, 3, 1], [0, -3], [2, 3, 1]],
    [[2, 3], undefined, [2, 3]],
    [[1, 1], undefined, []],
    [[], undefined, []],
    [[1, 0, 1], undefined, [0]],
  ];
  for (const [shape, axis, out] of squeezeCases) {
    it(`squeeze ${JSON.stringify(shape)} axis ${JSON.stringify(axis)} -> ${JSON.stringify(out)}: values and gradients`, () => {
      checkOp({ op: (x) => tl.squeeze(x, axis), reference: reshapeRef(out), inputs: [u(shape, 182)] });
    });
  }

  it('hand-computed values; expandDims defaults to axis 0', () => {
    assertTensor(tl.expandDims(tl.tensor([1, 2])), [1, 2], [[1, 2]]);
    assertTensor(tl.expandDims(tl.tensor([1, 2]), -1), [2, 1], [[1], [2]]);
    assertTensor(tl.squeeze(tl.tensor([[[1], [2]]])), [2], [1, 2]);
    assertTensor(tl.squeeze(tl.tensor([[7]], [1, 1], 'int32')), [], 7, 'int32');
  });

  it('refuse out-of-range axes and squeezing an axis that is not 1', () => {
    assertThrows(() => tl.expandDims(tl.zeros([2, 3]), 4), tl.ArgumentError, /^expandDims: axis 4 is out of range/);
    assertThrows(() => tl.expandDims(tl.zeros([2, 3]), -4), tl.ArgumentError, /^expandDims: axis -4 is out of range/);
    assertThrows(() => tl.squeeze(tl.zeros([1, 2, 1]), 1), tl.ShapeError, /^squeeze: axis 1 of \[1,2,1\] has size 2, not 1/);
    assertThrows(() => tl.squeeze(tl.zeros([1, 0]), [0, -1]), tl.ShapeError, /^squeeze: axis 1 of \[1,0\] has size 0, not 1/);
    assertThrows(() => tl.squeeze(tl.zeros([1, 2]), 2), tl.ArgumentError, /^squeeze: axis 2 is out of range for a tensor of rank 2/);
  });
});

describe('gather', () => {
  const cases: [number[], number[], number, number][] = [
    // [shape, indices, axis, resolved axis]
    [[4, 3], [2, 0, 3], 0, 0],
    [[4, 3], [1, 1, 2, 1], 0, 0],
    [[2, 5], [4, 0, 4], 1, 1],
    [[2, 5], [3, 3], -1, 1],
    [[2, 3, 4], [0, 2, 2, 1], 1, 1],
    [[2, 3, 4], [3, 0], -1, 2],
    [[5], [4, 4, 4], 0, 0],
    [[4, 3], [], 0, 0],
    [[0, 3], [2, 0], 1, 1],
  ];
  for (const [shape, indices, axis, resolved] of cases) {
    it(`${JSON.stringify(shape)} indices ${JSON.stringify(indices)} axis ${axis}: values and gradients`, () => {
      checkOp({ op: (x) => tl.gather(x, indices, axis), reference: (x) => ref.gather(x, indices, resolved), inputs: [u(shape, 191)] });
    });
  }

  it('hand-computed values, with an int32 tensor of indices too', () => {
    const x = tl.tensor([[1, 2, 3], [4, 5, 6]]);
    assertTensor(tl.gather(x, [1, 0, 1]), [3, 3], [[4, 5, 6], [1, 2, 3], [4, 5, 6]]);
    assertTensor(tl.gather(x, tl.tensor([2, 2, 0], [3], 'int32'), 1), [2, 3], [[3, 3, 1], [6, 6, 4]]);
    assertTensor(x.gather([0], -1), [2, 1], [[1], [4]]);
    assertTensor(tl.gather(tl.tensor([7, 8, 9], [3], 'int32'), [2, 0]), [2], [9, 7], 'int32');
  });

  it('repeated indices add up their gradients (axis 0 and axis 1)', () => {
    const x = tl.tensor([[1, 2, 3], [4, 5, 6]]);
    assertTensor(tl.grad((t) => tl.gather(t, [1, 1, 1, 0]).sum())(x), [2, 3], [[1, 1, 1], [3, 3, 3]]);
    const dy = tl.tensor([[1, 10, 100, 1000], [2, 20, 200, 2000]]);
    assertTensor(tl.grad((t) => tl.gather(t, [2, 0, 2, 2], 1))(x, dy), [2, 3], [[10, 0, 1101], [20, 0, 2202]]);
  });

  it('refuses out-of-range, non-integer and mistyped indices', () => {
    const x = tl.zeros([2, 3]);
    assertThrows(() => tl.gather(x, [0, 2]), tl.ArgumentError, /^gather: index 2 at position 1 is out of range \[0, 2\)/);
    assertThrows(() => tl.gather(x, [-1], 1), tl.ArgumentError, /^gather: index -1 at position 0 is out of range \[0, 3\)/);
    assertThrows(() => tl.gather(x, [0.5]), tl.ArgumentError, /^gather: index 0.5 at position 0 is out of range \[0, 2\)/);
    assertThrows(() => tl.gather(x, tl.tensor([0, 1])), tl.DTypeError, /^gather: indices must be int32, found float32/);
    assertThrows(() => tl.gather(x, tl.tensor([[0]], [1, 1], 'int32')), tl.ShapeError, /^gather: indices must have rank 1, found \[1,1\]/);
    assertThrows(() => tl.gather(x, 1 as unknown as number[]), tl.ArgumentError, /^gather: indices must be an int32 Tensor or an array of integers/);
    assertThrows(() => tl.gather(tl.scalar(1), [0]), tl.ShapeError, /^gather: cannot gather from a scalar/);
    assertThrows(() => tl.gather(x, [0], 2), tl.ArgumentError, /^gather: axis 2 is out of range for a tensor of rank 2/);
  });
});

describe('oneHot', () => {
  it('hand-computed values', () => {
    assertTensor(tl.oneHot(tl.tensor([0, 2, 1, 2], [4], 'int32'), 3), [4, 3], [[1, 0, 0], [0, 0, 1], [0, 1, 0], [0, 0, 1]]);
    assertTensor(tl.oneHot(tl.tensor([[1], [0]], [2, 1], 'int32'), 2), [2, 1, 2], [[[0, 1]], [[1, 0]]]);
    assertTensor(tl.oneHot(tl.scalar(1, 'int32'), 4), [4], [0, 1, 0, 0]);
    assertTensor(tl.oneHot(tl.tensor([0], [1], 'int32'), 1), [1, 1], [[1]]);
  });

  it('empty indices give an empty result', () => {
    assertTensor(tl.oneHot(tl.zeros([0], 'int32'), 3), [0, 3], []);
    assertTensor(tl.oneHot(tl.zeros([2, 0], 'int32'), 3), [2, 0, 3], [[], []]);
  });

  it('refuses out-of-range labels (a 1-based label, a negative one) instead of giving a zero row', () => {
    assertThrows(() => tl.oneHot(tl.tensor([1, 2, 3], [3], 'int32'), 3), tl.ArgumentError, /^oneHot: index 3 at position 2 is out of range \[0, 3\)/);
    assertThrows(() => tl.oneHot(tl.tensor([0, -1], [2], 'int32'), 3), tl.ArgumentError, /^oneHot: index -1 at position 1 is out of range \[0, 3\)/);
    assertThrows(() => tl.oneHot(tl.tensor([[0, 1], [5, 0]], [2, 2], 'int32'), 5), tl.ArgumentError, /^oneHot: index 5 at position 2 is out of range \[0, 5\)/);
  });

  it('refuses float indices and bad depths', () => {
    assertThrows(() => tl.oneHot(tl.tensor([0, 1]), 3), tl.DTypeError, /^oneHot: indices must be int32, found float32/);
    assertThrows(() => tl.oneHot(tl.tensor([0], [1], 'int32'), 0), tl.ArgumentError, /^oneHot: depth must be a positive integer, found 0/);
    assertThrows(() => tl.oneHot(tl.tensor([0], [1], 'int32'), 2.5), tl.ArgumentError, /^oneHot: depth must be a positive integer, found 2.5/);
    assertThrows(() => tl.oneHot([0, 1] as unknown as tl.Tensor, 2), tl.ArgumentError, /^oneHot: expected indices to be a Tensor, found an array/);
  });
});
