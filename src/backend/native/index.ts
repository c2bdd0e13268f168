import type { Backend } from '../backend.js';
import { jsBackend } from '../js/index.js';
import { registerBackend } from '../registry.js';
import { loadAddon } from './addon.js';
import { nativeConv } from './conv.js';
import { nativeElementwise } from './elementwise.js';
import { nativeMatmul } from './matmul.js';
import { nativeAdam } from './optimizer.js';
import { nativeRecurrence } from './recurrence.js';
import { nativeReduce } from './reduce.js';

/**
 * The native backend: the C++ addon on oneDNN for matmul, convolution, pooling, elementwise
 * ops, reductions, softmax, the fused Adam step and the recurrence loop. Kernels oneDNN does not help with (transpose, broadcastTo, slice,
 * pad, concat, gather, scatterAdd, oneHot, cast, argReduce) are the js backend's: they only move
 * memory, and doing that in C++ would not change their speed enough to justify a second copy.
 */
export function createNativeBackend(): Backend {
  const addon = loadAddon();
  return {
    ...jsBackend,
    name: 'native',
    matmul: nativeMatmul(addon),
    ...nativeConv(addon),
    ...nativeElementwise(addon),
    ...nativeReduce(addon),
    adam: nativeAdam(addon),
    setThreads: (n) => addon.setThreads(n),
    ...nativeRecurrence(addon),
  };
}

registerBackend('native', 100, createNativeBackend);
