import type { Backend, BinaryOp, UnaryOp } from '../backend.js';
import { BINARY_OPS, UNARY_OPS } from '../backend.js';
import type { TypedArray } from '../../tensor/dtype.js';
import type { Shape } from '../../tensor/shape.js';
import { sizeOf } from '../../tensor/shape.js';
import { jsBackend } from '../js/index.js';
import { broadcastStrides } from '../js/strided.js';
import type { WasmRuntime } from './runtime.js';

/**
 * Float32 unary and binary ops (broadcasting included) in wasm; int32 data and empty arrays stay
 * on the js kernels. A rank-0 operation runs as shape [1].
 */
export function wasmElementwise(rt: WasmRuntime): Pick<Backend, 'unary' | 'binary'> {
  const { arena, kernels } = rt;
  return {
    unary(op: UnaryOp, x: TypedArray): TypedArray {
      if (!(x instanceof Float32Array) || x.length === 0) return jsBackend.unary(op, x);
      arena.reset();
      const px = arena.put(x);
      const out = arena.alloc(x.length * 4);
      kernels.unary(UNARY_OPS.indexOf(op), px, out, x.length);
      return arena.take(out, x.length);
    },
    binary(op: BinaryOp, a: TypedArray, aShape: Shape, b: TypedArray, bShape: Shape, outShape: Shape): TypedArray {
      const size = sizeOf(outShape);
      if (!(a instanceof Float32Array) || !(b instanceof Float32Array) || size === 0) {
        return jsBackend.binary(op, a, aShape, b, bShape, outShape);
      }
      const dims = outShape.length === 0 ? [1] : outShape;
      arena.reset();
      const pa = arena.put(a), pb = arena.put(b);
      const out = arena.alloc(size * 4);
      const rank = dims.length;
      kernels.binary(
        BINARY_OPS.indexOf(op), pa, pb, out, rank, arena.ints(dims),
        arena.ints(broadcastStrides(aShape, dims)), arena.ints(broadcastStrides(bShape, dims)), arena.alloc(rank * 4),
      );
      return arena.take(out, size);
    },
  };
}
