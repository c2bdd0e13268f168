import type { Backend } from '../backend.js';
import { registerBackend } from '../registry.js';
import { conv2d, conv2dBackwardFilter, conv2dBackwardInput } from './conv.js';
import { binary, cast, unary } from './elementwise.js';
import { broadcastTo, concat, gather, oneHot, pad, scatterAdd, slice, transpose } from './layout.js';
import { matmul } from './matmul.js';
import { adam } from './optimizer.js';
import { pool2d, pool2dBackward } from './pool.js';
import { recurrence, recurrenceBackward } from './recurrence.js';
import { argReduce, reduce } from './reduce.js';
import { logSoftmax, softmax } from './softmax.js';

/** The reference backend: plain TypeScript over typed arrays, always available, the oracle for the others. */
export const jsBackend: Backend = {
  name: 'js',
  unary, binary, cast,
  reduce, argReduce,
  matmul,
  transpose, broadcastTo, slice, pad, concat, gather, scatterAdd, oneHot,
  softmax, logSoftmax,
  conv2d, conv2dBackwardInput, conv2dBackwardFilter,
  pool2d, pool2dBackward,
  adam,
  setThreads: () => 1,
  recurrence, recurrenceBackward,
};

registerBackend('js', 0, () => jsBackend);
