import type { Backend, ReduceOp, SoftmaxDims } from '../backend.js';
import type { TypedArray } from '../../tensor/dtype.js';
import type { Shape } from '../../tensor/shape.js';
import { jsBackend } from '../js/index.js';
import { reductionRun } from '../specs.js';
import { output } from './output.js';
import type { NativeAddon } from './addon.js';
import { REDUCE } from './codes.js';

/**
 * Reductions (C++ loops, double accumulators) and softmax / log-softmax. int32 data, empty
 * arrays, no axes and axes with gaps between them (a transpose first: the js kernel does that)
 * stay on the js kernels.
 */
export function nativeReduce(addon: NativeAddon): Pick<Backend, 'reduce' | 'softmax' | 'logSoftmax'> {
  const softmaxLike = (log: boolean) => (x: Float32Array, dims: SoftmaxDims): Float32Array => {
    if (x.length === 0) return log ? jsBackend.logSoftmax(x, dims) : jsBackend.softmax(x, dims);
    const out = output(x.length);
    addon.softmax(log, x, out, dims.outer, dims.axis, dims.inner);
    return out;
  };
  return {
    reduce(op: ReduceOp, x: TypedArray, shape: Shape, axes: readonly number[]): TypedArray {
      const run = x instanceof Float32Array && x.length > 0 && axes.length > 0 ? reductionRun(shape, axes) : undefined;
      if (run === undefined) return jsBackend.reduce(op, x, shape, axes);
      const [outer, length, inner] = run;
      const out = output(outer * inner);
      addon.reduce(REDUCE[op], x as Float32Array, out, outer, length, inner);
      return out;
    },
    softmax: softmaxLike(false),
    logSoftmax: softmaxLike(true),
  };
}
