import { record } from '../../autograd/tape.js';
import type { Activation, MatMulSpec } from '../../backend/backend.js';
import { backend } from '../../backend/index.js';
import { ArgumentError, ShapeError, fmtShape } from '../../errors.js';
import { broadcastShapes, canBroadcast, sameShape, sizeOf } from '../shape.js';
import { Tensor } from '../tensor.js';
import { broadcastTo } from './layout.js';
import { asTensor, requireFloat } from './operands.js';

interface Plan {
  a: Tensor;
  b: Tensor;
  spec: MatMulSpec;
  outShape: number[];
}

/**
 * Shapes of `op(a) x op(b)` over broadcast batch dimensions. A batch that differs from the output's
 * and is not a single matrix is materialised with broadcastTo, so the kernel only ever sees a
 * full batch or a shared matrix (batch stride 0).
 */
function plan(op: string, x: Tensor, y: Tensor, transposeA: boolean, transposeB: boolean): Plan {
  let a = requireFloat(op, asTensor(op, x, 'a'), 'a');
  let b = requireFloat(op, asTensor(op, y, 'b'), 'b');
  if (a.rank < 2 || b.rank < 2) {
    throw new ShapeError(`${op}: expected tensors of rank >= 2, found ${fmtShape(a.shape)} x ${fmtShape(b.shape)}`);
  }
  const [ar, ac] = a.shape.slice(-2) as [number, number];
  const [br, bc] = b.shape.slice(-2) as [number, number];
  const [m, k] = transposeA ? [ac, ar] : [ar, ac];
  const [kb, n] = transposeB ? [bc, br] : [br, bc];
  if (k !== kb) {
    const t = (flag: boolean) => (flag ? 'ᵀ' : '');
    throw new ShapeError(`${op}: inner dimensions differ: ${fmtShape(a.shape)}${t(transposeA)} x ${fmtShape(b.shape)}${t(transposeB)}`);
  }
  if (!canBroadcast(a.shape.slice(0, -2), b.shape.slice(0, -2))) {
    throw new ShapeError(`${op}: batch dimensions cannot be broadcast together: ${fmtShape(a.shape)} x ${fmtShape(b.shape)}`);
  }
  const batchShape = broadcastShapes(op, a.shape.slice(0, -2), b.shape.slice(0, -2));
  const batch = sizeOf(batchShape);
  const strideFor = (t: Tensor): [Tensor, number] => {
    const own = t.shape.slice(0, -2);
    if (sameShape(own, batchShape) || sizeOf(own) === batch) return [t, sizeOf(t.shape.slice(-2))];
    if (sizeOf(own) === 1) return [t, 0];
    return [broadcastTo(t, [...batchShape, ...t.shape.slice(-2)]), sizeOf(t.shape.slice(-2))];
  };
  let aBatchStride: number, bBatchStride: number;
  [a, aBatchStride] = strideFor(a);
  [b, bBatchStride] = strideFor(b);
  return { a, b, spec: { batch, m, n, k, transposeA, transposeB, aBatchStride, bBatchStride }, outShape: [...batchShape, m, n] };
}

/** Matrix product over the last two axes, batch axes broadcast; `transposeA/B` use aᵀ / bᵀ. */
export function matMul(a: Tensor, b: Tensor, transposeA = false, transposeB = false): Tensor {
  const p = plan('matMul', a, b, transposeA, transposeB);
  const out = new Tensor(backend().matmul(p.a.values as Float32Array, p.b.values as Float32Array, p.spec), p.outShape);
  return record('matMul', [p.a, p.b], out, { transposeA, transposeB });
}

export interface FusedMatMulArgs {
  a: Tensor;
  b: Tensor;
  transposeA?: boolean;
  transposeB?: boolean;
  /** Added to every row; shape `[n]`. */
  bias?: Tensor;
  activation?: Activation;
}

/** Activations a kernel can apply to its own output (matmul, conv2d). */
export const FUSABLE: readonly Activation[] = ['linear', 'relu', 'sigmoid', 'tanh'];

/** `activation(op(a) x op(b) + bias)` in one kernel call: the dense layer's forward pass. */
export function fusedMatMul(args: FusedMatMulArgs): Tensor {
  const { transposeA = false, transposeB = false, activation = 'linear' } = args;
  if (!FUSABLE.includes(activation)) {
    throw new ArgumentError(`fusedMatMul: unknown activation ${JSON.stringify(activation)}; expected one of ${FUSABLE.join(', ')}`);
  }
  const p = plan('fusedMatMul', args.a, args.b, transposeA, transposeB);
  const inputs = [p.a, p.b];
  const spec: MatMulSpec = { ...p.spec, activation };
  if (args.bias !== undefined) {
    const bias = requireFloat('fusedMatMul', asTensor('fusedMatMul', args.bias, 'bias'), 'bias');
    if (!sameShape(bias.shape, [p.spec.n])) {
      throw new ShapeError(`fusedMatMul: bias must have shape [${p.spec.n}] (the output's last dimension), found ${fmtShape(bias.shape)}`);
    }
    spec.bias = bias.values as Float32Array;
    inputs.push(bias);
  }
  const out = new Tensor(backend().matmul(p.a.values as Float32Array, p.b.values as Float32Array, spec), p.outShape);
  return record('fusedMatMul', inputs, out, { transposeA, transposeB, activation });
}
