// The kernels src/backend/wasm calls. Every argument is a byte offset into the one (shared)
// memory or a size; the JS side owns all allocation (this module has no heap and no data).
export { gemm, gemmScratchBytes } from './gemm';
export { unary, binary, biasActivation } from './elementwise';
export { reduce, softmax } from './reduce';
export { adam } from './adam';
export { im2col, col2im } from './conv';
export { pool2d, pool2dBackward } from './pool';

/** Where the JS side's allocations may start: past this module's constant tables. */
export function heapBase(): usize {
  return __heap_base;
}
