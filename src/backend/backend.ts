import type { DType, TypedArray } from '../tensor/dtype.js';
import type { Shape } from '../tensor/shape.js';

/**
 * The kernels every backend implements. Ops in `src/tensor` validate arguments and work out
 * shapes; kernels only compute. Inputs are never modified; every kernel returns a new array
 * (row-major, dense). Adding a backend means implementing this and passing `test/backend/`.
 */
export interface Backend {
  readonly name: string;

  /** Elementwise `op(x)`; the result has the dtype of `x`. */
  unary(op: UnaryOp, x: TypedArray): TypedArray;
  /** Elementwise `op(a, b)` with NumPy broadcasting of `aShape`, `bShape` to `outShape`; `a` and `b` share a dtype. */
  binary(op: BinaryOp, a: TypedArray, aShape: Shape, b: TypedArray, bShape: Shape, outShape: Shape): TypedArray;
  cast(x: TypedArray, dtype: DType): TypedArray;

  /** Reduces the sorted, distinct `axes` of `x` away; the result has `shape` without them. */
  reduce(op: ReduceOp, x: TypedArray, shape: Shape, axes: readonly number[]): TypedArray;
  /** Index of the largest (smallest) element along `axis`, first one on ties. */
  argReduce(op: ArgReduceOp, x: TypedArray, shape: Shape, axis: number): Int32Array;

  matmul(a: Float32Array, b: Float32Array, spec: MatMulSpec): Float32Array;

  transpose(x: TypedArray, shape: Shape, perm: readonly number[]): TypedArray;
  broadcastTo(x: TypedArray, shape: Shape, outShape: Shape): TypedArray;
  slice(x: TypedArray, shape: Shape, begin: readonly number[], size: readonly number[]): TypedArray;
  /** Zero padding: `before[i]` and `after[i]` elements around axis `i`. */
  pad(x: TypedArray, shape: Shape, before: readonly number[], after: readonly number[]): TypedArray;
  concat(xs: readonly TypedArray[], shapes: readonly Shape[], axis: number): TypedArray;
  /** Picks `indices` (already checked to be in range) along `axis`. */
  gather(x: TypedArray, shape: Shape, indices: Int32Array, axis: number): TypedArray;
  /** Inverse of gather for gradients: sums rows of `dy` into `size` slots of `axis`. */
  scatterAdd(dy: Float32Array, dyShape: Shape, indices: Int32Array, axis: number, size: number): Float32Array;
  /** One row per index (already checked to be in range) of length `depth`: 1 at the index, 0 elsewhere. */
  oneHot(indices: Int32Array, depth: number): Float32Array;

  /** Softmax over the middle axis of `x` viewed as `[outer, axis, inner]`. */
  softmax(x: Float32Array, dims: SoftmaxDims): Float32Array;
  logSoftmax(x: Float32Array, dims: SoftmaxDims): Float32Array;

  /** NHWC input, HWIO filter (Keras/TF layout), NHWC output; then `epilogue`'s bias and activation. */
  conv2d(x: Float32Array, filter: Float32Array, spec: Conv2DSpec, epilogue?: Epilogue): Float32Array;
  conv2dBackwardInput(dy: Float32Array, filter: Float32Array, spec: Conv2DSpec): Float32Array;
  conv2dBackwardFilter(x: Float32Array, dy: Float32Array, spec: Conv2DSpec): Float32Array;

  /** NHWC pooling; padded cells are ignored (max) or left out of the count (average), as in TF. */
  pool2d(op: PoolOp, x: Float32Array, spec: Pool2DSpec): Float32Array;
  /** Max pooling sends each output's gradient to the first maximum of its window. */
  pool2dBackward(op: PoolOp, dy: Float32Array, x: Float32Array, spec: Pool2DSpec): Float32Array;

  /** One Adam step over same-length flat arrays (see `AdamSpec`); returns new arrays. */
  adam(param: Float32Array, grad: Float32Array, m: Float32Array, v: Float32Array, spec: AdamSpec): AdamResult;

  /**
   * Limits the threads that kernels called from this JS thread use (the native backend's OpenMP
   * team is per calling thread); returns the number now used. Single-threaded backends return 1.
   * Elastic training gives each worker thread its share of the cores this way.
   */
  setThreads(n: number): number;
  /** A recurrent layer's time loop over every step (formulas on `RecurrenceSpec`). */
  recurrence(inputs: RecurrenceInputs, spec: RecurrenceSpec): RecurrenceResult;
  /** Backpropagation through time of `recurrence`, given the gradient of its states. */
  recurrenceBackward(dStates: Float32Array, inputs: RecurrenceInputs, forward: RecurrenceResult, spec: RecurrenceSpec): RecurrenceGradients;
}

export const UNARY_OPS = ['neg', 'abs', 'sign', 'square', 'exp', 'log', 'sqrt', 'relu', 'sigmoid', 'tanh'] as const;
export type UnaryOp = (typeof UNARY_OPS)[number];

/**
 * Binary kernels. Comparisons give 1 or 0 in the operands' dtype. The `*Grad` kernels are the
 * activation backward passes `(dy, saved)`: relu takes the input x, sigmoid and tanh the output y.
 */
export const BINARY_OPS = [
  'add', 'sub', 'mul', 'div', 'pow', 'maximum', 'minimum',
  'equal', 'greater', 'greaterEqual',
  'reluGrad', 'sigmoidGrad', 'tanhGrad',
] as const;
export type BinaryOp = (typeof BINARY_OPS)[number];

export type ReduceOp = 'sum' | 'max' | 'min';
export type ArgReduceOp = 'argMax' | 'argMin';

export type Activation = 'linear' | 'relu' | 'sigmoid' | 'tanh';

/**
 * `out[b] = act(op(A[b]) x op(B[b]) + bias)` for `b < batch`, with op(A) `m x k` and op(B) `k x n`.
 * A stored `[m,k]` (or `[k,m]` if transposeA), B stored `[k,n]` (or `[n,k]` if transposeB).
 * A batch stride of 0 reuses the same matrix for every batch entry (broadcasting).
 */
export interface MatMulSpec {
  batch: number;
  m: number;
  n: number;
  k: number;
  transposeA: boolean;
  transposeB: boolean;
  aBatchStride: number;
  bBatchStride: number;
  bias?: Float32Array;
  activation?: Activation;
}

/** What a convolution may apply to its output in the same kernel: `act(out + bias)`, bias per channel. */
export interface Epilogue {
  bias?: Float32Array;
  activation?: Activation;
}

export interface SoftmaxDims {
  outer: number;
  axis: number;
  inner: number;
}

export interface Conv2DSpec {
  batch: number;
  inHeight: number;
  inWidth: number;
  inChannels: number;
  outHeight: number;
  outWidth: number;
  outChannels: number;
  filterHeight: number;
  filterWidth: number;
  strideHeight: number;
  strideWidth: number;
  dilationHeight: number;
  dilationWidth: number;
  padTop: number;
  padLeft: number;
}

export type PoolOp = 'max' | 'avg';

export interface Pool2DSpec {
  batch: number;
  inHeight: number;
  inWidth: number;
  channels: number;
  outHeight: number;
  outWidth: number;
  poolHeight: number;
  poolWidth: number;
  strideHeight: number;
  strideWidth: number;
  padTop: number;
  padLeft: number;
}

/**
 * Adam's update in Keras' formulation, one fused pass (the optimizer is the largest elementwise
 * work of a training step): with g the gradient and α the bias-corrected step size,
 *   m' = β1·m + (1 − β1)·g,  v' = β2·v + (1 − β2)·g²,  param' = param − α·m' / (√v' + ε).
 */
export interface AdamSpec {
  alpha: number;
  beta1: number;
  beta2: number;
  epsilon: number;
}

export interface AdamResult {
  param: Float32Array;
  m: Float32Array;
  v: Float32Array;
}

/** Activations the recurrence kernels apply; each one's derivative is a function of its output. */
export const RECURRENT_ACTIVATIONS = ['linear', 'relu', 'sigmoid', 'tanh', 'hardSigmoid'] as const;
export type RecurrentActivation = (typeof RECURRENT_ACTIVATIONS)[number];

export type RecurrentCell = 'simpleRNN' | 'lstm' | 'gru' | 'gruResetAfter';

/**
 * The shape of each cell, in units: `gates` blocks in the projections (xProj and the recurrent
 * kernel have `gates * units` columns), `states` blocks in a state (LSTM: h then c), and
 * `reserve` blocks saved per step for the backward pass.
 */
export const RECURRENT_CELLS: Record<RecurrentCell, { gates: number; states: number; reserve: number }> = {
  simpleRNN: { gates: 1, states: 1, reserve: 1 },
  lstm: { gates: 4, states: 2, reserve: 6 },
  gru: { gates: 3, states: 1, reserve: 5 },
  gruResetAfter: { gates: 3, states: 1, reserve: 5 },
};

/**
 * Keras' recurrent cells over `steps` steps of `batch` sequences, `units` wide. Per step t, with
 * x_t = xProj[:, t] (the input projection x W + b of every step, computed before as one matmul),
 * h the previous output, m = h * recurrentMask (recurrent dropout; 1 without), R the recurrent
 * kernel with its column blocks in Keras' gate order, σ the recurrent activation, φ the activation:
 *   simpleRNN      h' = φ(x_t + m R)
 *   lstm (i,f,c,o) a = x_t + m R;  i, f, o = σ(a_i), σ(a_f), σ(a_o);  g = φ(a_c);  c' = f c + i g;  h' = o φ(c')
 *   gru (z,r,h)    z, r = σ(x_z + m R_z), σ(x_r + m R_r);  n = φ(x_h + (r m) R_h);  h' = z m + (1 − z) n
 *   gruResetAfter  q = m R + recurrentBias;  z, r = σ(x_z + q_z), σ(x_r + q_r);  n = φ(x_h + r q_h);  h' = z m + (1 − z) n
 * Where mask[b, t] is 0 (a padded step) the state and output of the previous step carry over.
 * The states of every step form the result, `[batch, steps, states * units]` (LSTM: h then c).
 */
export interface RecurrenceSpec {
  cell: RecurrentCell;
  batch: number;
  steps: number;
  units: number;
  activation: RecurrentActivation;
  recurrentActivation: RecurrentActivation;
}

export interface RecurrenceInputs {
  /** `[batch, steps, gates * units]`. */
  xProj: Float32Array;
  /** `[units, gates * units]`. */
  recurrentKernel: Float32Array;
  /** `[batch, states * units]`: the state before the first step. */
  initialState: Float32Array;
  /** `[gates * units]`, gruResetAfter only. */
  recurrentBias?: Float32Array;
  /** `[batch, steps]`, 1 for real steps and 0 for padding. */
  mask?: Float32Array;
  /** `[batch, units]`, multiplies h before the recurrent product (recurrent dropout). */
  recurrentMask?: Float32Array;
}

export interface RecurrenceResult {
  /** `[batch, steps, states * units]`: the state after each step. */
  states: Float32Array;
  /**
   * `[batch, steps, reserve * units]`, what the backward pass needs: m, then simpleRNN: nothing;
   * lstm: i, f, g, o, φ(c'); gru: z, r, n, r m; gruResetAfter: z, r, n, q_h.
   */
  reserve: Float32Array;
}

export interface RecurrenceGradients {
  dxProj: Float32Array;
  dRecurrentKernel: Float32Array;
  dInitialState: Float32Array;
  /** gruResetAfter only. */
  dRecurrentBias?: Float32Array;
}
