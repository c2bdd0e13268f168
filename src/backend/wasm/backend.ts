import type { Backend } from '../backend.js';
import { jsBackend } from '../js/index.js';
import { wasmConv } from './conv.js';
import { wasmElementwise } from './elementwise.js';
import { wasmMatmul } from './matmul.js';
import { wasmAdam } from './optimizer.js';
import { wasmReduce } from './reduce.js';
import type { WasmRuntime } from './runtime.js';

/**
 * The wasm backend's kernels: SIMD128 code compiled from wasm/assembly for matmul, convolution,
 * pooling, elementwise ops, reductions, softmax and Adam. Left on the js kernels, as on the
 * native backend: the memory movers (transpose, broadcastTo, slice, pad, concat, gather,
 * scatterAdd, oneHot, cast), argReduce, and the recurrence loops (their per-step products are
 * small; the input projection before them is a matmul, which runs here).
 */
export function wasmBackend(rt: WasmRuntime): Backend {
  return {
    ...jsBackend,
    name: 'wasm',
    matmul: wasmMatmul(rt),
    ...wasmConv(rt),
    ...wasmElementwise(rt),
    ...wasmReduce(rt),
    adam: wasmAdam(rt),
  };
}
