import type { Backend, ReduceOp, SoftmaxDims } from '../backend.js';
import type { TypedArray } from '../../tensor/dtype.js';
import type { Shape } from '../../tensor/shape.js';
import { jsBackend } from '../js/index.js';
import { reductionRun } from '../specs.js';
import { REDUCE } from './codes.js';
import type { WasmRuntime } from './runtime.js';

/**
 * Reductions over one run of axes (f64 accumulators) and softmax / log-softmax. int32 data,
 * empty arrays, no axes and axes with gaps between them stay on the js kernels.
 */
export function wasmReduce(rt: WasmRuntime): Pick<Backend, 'reduce' | 'softmax' | 'logSoftmax'> {
  const { arena, kernels } = rt;
  const softmaxLike = (log: boolean) => (x: Float32Array, dims: SoftmaxDims): Float32Array => {
    if (x.length === 0) return log ? jsBackend.logSoftmax(x, dims) : jsBackend.softmax(x, dims);
    arena.reset();
    const px = arena.put(x);
    const out = arena.alloc(x.length * 4);
    kernels.softmax(log ? 1 : 0, px, out, dims.outer, dims.axis, dims.inner);
    return arena.take(out, x.length);
  };
  return {
    reduce(op: ReduceOp, x: TypedArray, shape: Shape, axes: readonly number[]): TypedArray {
      const run = x instanceof Float32Array && x.length > 0 && axes.length > 0 ? reductionRun(shape, axes) : undefined;
      if (run === undefined) return jsBackend.reduce(op, x, shape, axes);
      const [outer, length, inner] = run;
      arena.reset();
      const px = arena.put(x);
      const out = arena.alloc(outer * inner * 4);
      kernels.reduce(REDUCE[op], px, out, outer, length, inner, arena.alloc(inner * 8));
      return arena.take(out, outer * inner);
    },
    softmax: softmaxLike(false),
    logSoftmax: softmaxLike(true),
  };
}
