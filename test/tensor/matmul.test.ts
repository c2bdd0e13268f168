import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as tl from '../../src/index.js';
import { assertClose, checkOp, toND } from '../helpers/opCheck.js';
import * as ref from '../helpers/reference.js';
import { assertTensor, assertThrows, u } from './util.js';

/** The stored shape of an operand whose logical (untransposed) last two dims are `rows x cols`. */
const stored = (batch: number[], rows: number, cols: number, transposed: boolean): number[] =>
  [...batch, ...(transposed ? [cols, rows] : [rows, cols])];

const FLAGS: [boolean, boolean][] = [[false, false], [true, false], [false, true], [true, true]];
const flagName = (ta: boolean, tb: boolean): string => `${ta ? 'aᵀ' : 'a'} x ${tb ? 'bᵀ' : 'b'}`;

describe('matMul: values and gradients against float64', () => {
  // [batch of a, batch of b] with op(a) m x k and op(b) k x n.
  const batches: [string, number[], number[]][] = [
    ['rank 2', [], []],
    ['batched rank 3', [3], [3]],
    ['rank 2 x rank 3 (a shared)', [], [4]],
    ['rank 3 x rank 2 (b shared)', [4], []],
    ['[2,1] x [5] batch broadcast', [2, 1], [5]],
    ['[1] x [3] batch of one', [1], [3]],
  ];
  for (const [ta, tb] of FLAGS) {
    for (const [label, batchA, batchB] of batches) {
      it(`${flagName(ta, tb)}, ${label}`, () => {
        const a = u(stored(batchA, 2, 3, ta), 61);
        const b = u(stored(batchB, 3, 4, tb), 62);
        checkOp({ op: (x, y) => tl.matMul(x, y, ta, tb), reference: (x, y) => ref.matmul(x, y, ta, tb), inputs: [a, b] });
      });
    }
  }

  it('[2,3] x [4,3,5] -> [4,2,5]', () => {
    const inputs = [u([2, 3], 63), u([4, 3, 5], 64)];
    assert.deepEqual([...tl.matMul(inputs[0]!, inputs[1]!).shape], [4, 2, 5]);
    checkOp({ op: (x, y) => tl.matMul(x, y), reference: (x, y) => ref.matmul(x, y), inputs });
  });

  it('[2,1,3,4] x [5,4,2] -> [2,5,3,2]', () => {
    const inputs = [u([2, 1, 3, 4], 65), u([5, 4, 2], 66)];
    assert.deepEqual([...tl.matMul(inputs[0]!, inputs[1]!).shape], [2, 5, 3, 2]);
    checkOp({ op: (x, y) => tl.matMul(x, y), reference: (x, y) => ref.matmul(x, y), inputs });
  });

  it('[1,1,3,4] x [5,4,2]: a batch of ones broadcast on both axes', () => {
    checkOp({ op: (x, y) => tl.matMul(x, y, true, false), reference: (x, y) => ref.matmul(x, y, true, false), inputs: [u([1, 1, 4, 3], 67), u([5, 4, 2], 68)] });
  });

  it('vector-shaped operands: [1,k] x [k,1] and [m,1] x [1,n]', () => {
    checkOp({ op: (x, y) => tl.matMul(x, y), reference: (x, y) => ref.matmul(x, y), inputs: [u([1, 5], 69), u([5, 1], 70)] });
    checkOp({ op: (x, y) => tl.matMul(x, y), reference: (x, y) => ref.matmul(x, y), inputs: [u([4, 1], 71), u([1, 3], 72)] });
  });

  it('empty operands: m = 0, n = 0, batch = 0, and k = 0 (a zero matrix)', () => {
    checkOp({ op: (x, y) => tl.matMul(x, y), reference: (x, y) => ref.matmul(x, y), inputs: [u([0, 3], 73), u([3, 2], 74)] });
    checkOp({ op: (x, y) => tl.matMul(x, y), reference: (x, y) => ref.matmul(x, y), inputs: [u([2, 3], 75), u([3, 0], 76)] });
    checkOp({ op: (x, y) => tl.matMul(x, y), reference: (x, y) => ref.matmul(x, y), inputs: [u([0, 2, 3], 77), u([3, 4], 78)] });
    checkOp({ op: (x, y) => tl.matMul(x, y, true, true), reference: (x, y) => ref.matmul(x, y, true, true), inputs: [u([0, 2], 79), u([3, 0], 80)] });
    assertTensor(tl.matMul(tl.ones([2, 0]), tl.ones([0, 3])), [2, 3], [[0, 0, 0], [0, 0, 0]]);
  });

  it('large operands cross the kernel blocks (k > 128, n > 256, m not a multiple of 4)', () => {
    const a = u([6, 130], 81);
    const b = u([130, 258], 82);
    const expected = ref.matmul(toND(a), toND(b));
    assertClose(tl.matMul(a, b).dataSync(), expected.data, 1e-4, 1e-4, 'forward');
    const bt = tl.transpose(b);
    assertClose(tl.matMul(a, bt, false, true).dataSync(), expected.data, 1e-4, 1e-4, 'forward with bᵀ');
  });
});

describe('matMul: hand-computed values', () => {
  const a = tl.tensor([[1, 2], [3, 4]]);
  const b = tl.tensor([[5, 6], [7, 8]]);

  it('all four transpose combinations', () => {
    assertTensor(tl.matMul(a, b), [2, 2], [[19, 22], [43, 50]]);
    assertTensor(tl.matMul(a, b, true, false), [2, 2], [[26, 30], [38, 44]]);
    assertTensor(tl.matMul(a, b, false, true), [2, 2], [[17, 23], [39, 53]]);
    assertTensor(tl.matMul(a, b, true, true), [2, 2], [[23, 31], [34, 46]]);
    assertTensor(a.matMul(b, false, true), [2, 2], [[17, 23], [39, 53]]);
  });

  it('non-square with transposes: [2,3]ᵀ x [2,1]', () => {
    assertTensor(tl.matMul(tl.tensor([[1, 2, 3], [4, 5, 6]]), tl.tensor([[1], [-1]]), true), [3, 1], [[-3], [-3], [-3]]);
  });

  it('gradients: dA = dC Bᵀ and dB = Aᵀ dC', () => {
    const [ga, gb] = tl.grads((x, y) => tl.matMul(x!, y!).sum())([a, b]);
    assertTensor(ga!, [2, 2], [[11, 15], [11, 15]]);
    assertTensor(gb!, [2, 2], [[4, 4], [6, 6]]);
  });

  it('a shared (broadcast) operand sums its gradient over the batch', () => {
    const [ga] = tl.grads((x, y) => tl.matMul(x!, y!).sum())([tl.ones([2, 2]), tl.ones([3, 2, 2])]);
    assertTensor(ga!, [2, 2], [[6, 6], [6, 6]]);
  });
});

describe('matMul: bad input', () => {
  it('inner dimensions that differ: the exact message', () => {
    assert.throws(() => tl.matMul(tl.zeros([2, 3]), tl.zeros([4, 5])), (e: unknown) => {
      assert.ok(e instanceof tl.ShapeError);
      assert.equal(e.message, 'matMul: inner dimensions differ: [2,3] x [4,5]');
      return true;
    });
  });

  it('inner dimensions after transposes are marked with ᵀ', () => {
    assertThrows(() => tl.matMul(tl.zeros([2, 3]), tl.zeros([2, 3]), false, false), tl.ShapeError, /^matMul: inner dimensions differ: \[2,3\] x \[2,3\]$/);
    assertThrows(() => tl.matMul(tl.zeros([2, 3]), tl.zeros([2, 4]), false, true), tl.ShapeError, /^matMul: inner dimensions differ: \[2,3\] x \[2,4\]ᵀ$/);
    assertThrows(() => tl.matMul(tl.zeros([2, 3]), tl.zeros([3, 4]), true, false), tl.ShapeError, /^matMul: inner dimensions differ: \[2,3\]ᵀ x \[3,4\]$/);
    assertThrows(() => tl.matMul(tl.zeros([5, 2, 3]), tl.zeros([5, 2, 4]), true, true), tl.ShapeError, /^matMul: inner dimensions differ: \[5,2,3\]ᵀ x \[5,2,4\]ᵀ$/);
  });

  it('rank below 2', () => {
    assertThrows(() => tl.matMul(tl.zeros([3]), tl.zeros([3, 2])), tl.ShapeError, /^matMul: expected tensors of rank >= 2, found \[3\] x \[3,2\]/);
    assertThrows(() => tl.matMul(tl.zeros([2, 2]), tl.scalar(1)), tl.ShapeError, /^matMul: expected tensors of rank >= 2, found \[2,2\] x \[\]/);
  });

  it('batch dimensions that cannot be broadcast', () => {
    assertThrows(() => tl.matMul(tl.zeros([2, 3, 4]), tl.zeros([3, 4, 5])), tl.ShapeError, /^matMul: batch dimensions cannot be broadcast together: \[2,3,4\] x \[3,4,5\]$/);
  });

  it('int32 operands and non-tensors', () => {
    assertThrows(() => tl.matMul(tl.zeros([2, 2], 'int32'), tl.zeros([2, 2])), tl.DTypeError, /^matMul: expected a to be float32, found int32/);
    assertThrows(() => tl.matMul(tl.zeros([2, 2]), tl.zeros([2, 2], 'int32')), tl.DTypeError, /^matMul: expected b to be float32, found int32/);
    assertThrows(() => tl.matMul(tl.zeros([2, 2]), [[1]] as unknown as tl.Tensor), tl.ArgumentError, /^matMul: expected b to be a Tensor, found an array/);
  });
});

const ACTIVATION_REF: Record<tl.Activation, (z: number) => number> = {
  linear: (z) => z,
  relu: (z) => (z > 0 ? z : 0),
  sigmoid: (z) => 1 / (1 + Math.exp(-z)),
  tanh: Math.tanh,
};

/** activation(op(a) op(b) + bias) in float64. */
function refFused(activation: tl.Activation, ta: boolean, tb: boolean) {
  return (a: ref.NDArray, b: ref.NDArray, bias?: ref.NDArray): ref.NDArray => {
    const z = ref.matmul(a, b, ta, tb);
    return ref.map(bias === undefined ? z : ref.zip(z, bias, (p, q) => p + q), ACTIVATION_REF[activation]);
  };
}

describe('fusedMatMul', () => {
  const activations: tl.Activation[] = ['linear', 'relu', 'sigmoid', 'tanh'];
  for (const activation of activations) {
    it(`${activation} with bias: values and gradients of a, b and bias`, () => {
      checkOp({
        op: (a, b, bias) => tl.fusedMatMul({ a, b, bias, activation }),
        reference: refFused(activation, false, false),
        inputs: [u([3, 4], 91), u([4, 5], 92), u([5], 93)],
      });
    });
    it(`${activation} without bias`, () => {
      checkOp({ op: (a, b) => tl.fusedMatMul({ a, b, activation }), reference: refFused(activation, false, false), inputs: [u([3, 4], 94), u([4, 2], 95)] });
    });
    it(`${activation} with bias, transposes and a broadcast batch`, () => {
      for (const [ta, tb] of FLAGS) {
        checkOp({
          op: (a, b, bias) => tl.fusedMatMul({ a, b, bias, activation, transposeA: ta, transposeB: tb }),
          reference: refFused(activation, ta, tb),
          inputs: [u(stored([2], 3, 4, ta), 96), u(stored([], 4, 2, tb), 97), u([2], 98)],
        });
      }
    });
  }

  it('defaults to linear without bias: equals matMul', () => {
    const a = u([3, 4], 99);
    const b = u([4, 2], 100);
    assert.deepEqual(tl.fusedMatMul({ a, b }).dataSync(), tl.matMul(a, b).dataSync());
  });

  it('equals activate(matMul + bias), hand-computed for relu', () => {
    const out = tl.fusedMatMul({ a: tl.tensor([[1, 2], [3, 4]]), b: tl.tensor([[1, -1], [1, -1]]), bias: tl.tensor([-4, 5]), activation: 'relu' });
    // matMul = [[3, -3], [7, -7]]; + bias = [[-1, 2], [3, -2]].
    assertTensor(out, [2, 2], [[0, 2], [3, 0]]);
    const a = u([2, 3, 4], 101);
    const b = u([4, 5], 102);
    const bias = u([5], 103);
    for (const activation of activations) {
      assertClose(tl.fusedMatMul({ a, b, bias, activation }).dataSync(), tl.activate(tl.add(tl.matMul(a, b), bias), activation).dataSync(), 1e-6, 1e-6, activation);
    }
  });

  it('empty batch with bias', () => {
    const out = tl.fusedMatMul({ a: tl.zeros([0, 2, 3]), b: tl.zeros([3, 4]), bias: tl.ones([4]), activation: 'tanh' });
    assertTensor(out, [0, 2, 4], []);
  });

  it('refuses a bias of the wrong shape, unknown activations and mismatched operands', () => {
    const a = tl.zeros([2, 3]);
    const b = tl.zeros([3, 4]);
    assertThrows(() => tl.fusedMatMul({ a, b, bias: tl.zeros([3]) }), tl.ShapeError,
      /^fusedMatMul: bias must have shape \[4\] \(the output's last dimension\), found \[3\]/);
    assertThrows(() => tl.fusedMatMul({ a, b, bias: tl.zeros([1, 4]) }), tl.ShapeError,
      /^fusedMatMul: bias must have shape \[4\] \(the output's last dimension\), found \[1,4\]/);
    assertThrows(() => tl.fusedMatMul({ a, b, bias: tl.zeros([4], 'int32') }), tl.DTypeError, /^fusedMatMul: expected bias to be float32, found int32/);
    assertThrows(() => tl.fusedMatMul({ a, b, activation: 'gelu' as tl.Activation }), tl.ArgumentError,
      /^fusedMatMul: unknown activation "gelu"; expected one of linear, relu, sigmoid, tanh/);
    assertThrows(() => tl.fusedMatMul({ a, b: tl.zeros([4, 5]) }), tl.ShapeError, /^fusedMatMul: inner dimensions differ: \[2,3\] x \[4,5\]$/);
    assertThrows(() => tl.fusedMatMul({ a: tl.zeros([3]), b }), tl.ShapeError, /^fusedMatMul: expected tensors of rank >= 2, found \[3\] x \[3,4\]/);
  });
});
