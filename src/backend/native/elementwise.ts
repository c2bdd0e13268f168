import type { Backend, BinaryOp, UnaryOp } from '../backend.js';
import type { TypedArray } from '../../tensor/dtype.js';
import type { Shape } from '../../tensor/shape.js';
import { sameShape, sizeOf } from '../../tensor/shape.js';
import { jsBackend } from '../js/index.js';
import type { NativeAddon } from './addon.js';
import { BINARY, SWAPPED, UNARY, UNARY_BACKWARD } from './codes.js';

const MAX_RANK = 12; // oneDNN's DNNL_MAX_NDIMS

/** `shape` with leading 1s up to `rank` (rank 0 becomes [1]: oneDNN has no scalars). */
function padded(shape: Shape, rank: number): Int32Array {
  const out = new Int32Array(Math.max(rank, 1)).fill(1);
  out.set(shape, out.length - shape.length);
  return out;
}

/**
 * Float32 unary and binary ops on oneDNN eltwise and binary primitives. Left on the js kernels:
 * int32 data, empty arrays, `sign` and `pow` (no oneDNN algorithm), and broadcasting in which
 * `a` is expanded for a non-commutative op (oneDNN broadcasts only its second operand).
 */
export function nativeElementwise(addon: NativeAddon): Pick<Backend, 'unary' | 'binary'> {
  return {
    unary(op: UnaryOp, x: TypedArray): TypedArray {
      const code = UNARY[op];
      if (code === undefined || !(x instanceof Float32Array) || x.length === 0) return jsBackend.unary(op, x);
      const out = new Float32Array(x.length);
      addon.unary(code, x, out, x.length);
      return out;
    },
    binary(op: BinaryOp, a: TypedArray, aShape: Shape, b: TypedArray, bShape: Shape, outShape: Shape): TypedArray {
      const size = sizeOf(outShape);
      if (!(a instanceof Float32Array) || !(b instanceof Float32Array) || size === 0 || outShape.length > MAX_RANK) {
        return jsBackend.binary(op, a, aShape, b, bShape, outShape);
      }
      const backward = UNARY_BACKWARD[op];
      if (backward !== undefined && sameShape(aShape, bShape)) {
        const dx = new Float32Array(size);
        addon.unaryBackward(backward, a, b, dx, size);
        return dx;
      }
      const rank = outShape.length;
      const code = BINARY[op];
      const swapped = SWAPPED[op];
      const out = new Float32Array(size);
      if (code !== undefined && sameShape(aShape, outShape)) {
        addon.binary(code, a, padded(aShape, rank), b, padded(bShape, rank), out);
      } else if (swapped !== undefined && sameShape(bShape, outShape)) {
        addon.binary(BINARY[swapped]!, b, padded(bShape, rank), a, padded(aShape, rank), out);
      } else {
        return jsBackend.binary(op, a, aShape, b, bShape, outShape);
      }
      return out;
    },
  };
}
