import type { BackwardOptions, TapeEntry } from '../autograd/tape.js';
import { backpropagate } from '../autograd/tape.js';
import type { Activation } from '../backend/backend.js';
import { ArgumentError, DTypeError, GradientError, ShapeError, fmtShape } from '../errors.js';
import type { DType, TypedArray } from './dtype.js';
import { formatValues } from './format.js';
import type { Shape } from './shape.js';
import { sameShape, sizeOf } from './shape.js';
import * as arithmetic from './ops/arithmetic.js';
import * as activation from './ops/activation.js';
import * as layout from './ops/layout.js';
import * as reduction from './ops/reduction.js';
import { matMul } from './ops/matmul.js';
import { cast } from './ops/cast.js';

export type NestedArray = number | NestedArray[];
export type TensorLike = Tensor | number;

/**
 * An immutable n-dimensional array of float32 or int32 in row-major order. Ops return new
 * tensors; several tensors may share one buffer (reshape, detach), which is safe because no
 * one writes to a tensor's buffer after creating it (`dataSync` hands out copies).
 */
export class Tensor {
  readonly shape: readonly number[];
  readonly dtype: DType;
  readonly size: number;
  /** The buffer. Internal: read it, never write into it (other tensors may share it). */
  values: TypedArray;
  /** Set by the op that computed this tensor while gradients are recorded (see autograd/tape). */
  tapeEntry: TapeEntry | null = null;
  /** Gradient accumulated by `backward()`; only leaves that require a gradient get one. */
  grad: Tensor | null = null;
  private leafRequiresGrad = false;

  /** Internal constructor: `values` must have exactly `sizeOf(shape)` elements. Use `tl.tensor` to make tensors. */
  constructor(values: TypedArray, shape: Shape) {
    this.size = sizeOf(shape);
    if (values.length !== this.size) {
      throw new ShapeError(`Tensor: shape ${fmtShape(shape)} needs ${this.size} values, found ${values.length}`);
    }
    this.values = values;
    this.shape = Object.freeze(shape.slice());
    this.dtype = values instanceof Int32Array ? 'int32' : 'float32';
  }

  get rank(): number {
    return this.shape.length;
  }

  /** True for a leaf marked as needing a gradient and for anything recorded from one. */
  get requiresGrad(): boolean {
    return this.leafRequiresGrad || this.tapeEntry !== null;
  }

  set requiresGrad(value: boolean) {
    if (this.tapeEntry !== null) {
      throw new GradientError('requiresGrad: only leaf tensors can be marked; this one was computed by an op (use detach() first)');
    }
    if (value && this.dtype !== 'float32') {
      throw new DTypeError(`requiresGrad: only float32 tensors can have gradients, this one is ${this.dtype}`);
    }
    this.leafRequiresGrad = value;
  }

  /** A copy of the data, flat and row-major. */
  dataSync(): TypedArray {
    return this.values.slice();
  }

  async data(): Promise<TypedArray> {
    return this.dataSync();
  }

  /** The single value of a one-element tensor. */
  item(): number {
    if (this.size !== 1) throw new ArgumentError(`item: expected a tensor with one element, found shape ${fmtShape(this.shape)}`);
    return this.values[0]!;
  }

  /** Nested arrays of numbers (a number for rank 0). */
  toArray(): NestedArray {
    const build = (offset: number, axis: number): NestedArray => {
      if (axis === this.rank) return this.values[offset]!;
      const stride = sizeOf(this.shape.slice(axis + 1));
      return Array.from({ length: this.shape[axis]! }, (_, i) => build(offset + i * stride, axis + 1));
    };
    return build(0, 0);
  }

  toString(): string {
    const header = `Tensor ${this.dtype} ${fmtShape(this.shape)}${this.requiresGrad ? ' requiresGrad' : ''}`;
    return `${header}\n${formatValues(this.values, this.shape, this.dtype === 'int32')}`;
  }

  /**
   * Replaces this leaf's value with `value`'s (same shape and dtype): how optimizers update
   * parameters. The buffer is swapped, not written, so tensors computed earlier keep their inputs.
   */
  assign(value: Tensor): this {
    if (this.tapeEntry !== null) throw new GradientError('assign: only leaf tensors can be assigned; this one was computed by an op');
    if (!(value instanceof Tensor)) throw new ArgumentError('assign: expected a Tensor');
    if (value.dtype !== this.dtype || !sameShape(value.shape, this.shape)) {
      throw new ShapeError(`assign: expected a ${this.dtype} tensor of shape ${fmtShape(this.shape)}, found ${value.dtype} ${fmtShape(value.shape)}`);
    }
    this.values = value.values;
    return this;
  }

  /** Same data, cut off from the graph. */
  detach(): Tensor {
    return new Tensor(this.values, this.shape);
  }

  /**
   * Reverse-mode differentiation from this tensor: adds d(this)/d(leaf) into `leaf.grad` for every
   * leaf that requires a gradient. `dy` seeds a non-scalar output. Releases the graph unless
   * `retainGraph`.
   */
  backward(dy?: Tensor, options?: BackwardOptions): void {
    for (const [leaf, g] of backpropagate(this, dy, options)) {
      leaf.grad = leaf.grad === null ? g : arithmetic.add(leaf.grad, g).detach();
    }
  }

  // Chainable forms of the common ops (each one calls the op of the same name).
  add(b: TensorLike): Tensor { return arithmetic.add(this, b); }
  sub(b: TensorLike): Tensor { return arithmetic.sub(this, b); }
  mul(b: TensorLike): Tensor { return arithmetic.mul(this, b); }
  div(b: TensorLike): Tensor { return arithmetic.div(this, b); }
  pow(b: TensorLike): Tensor { return arithmetic.pow(this, b); }
  neg(): Tensor { return arithmetic.neg(this); }
  abs(): Tensor { return arithmetic.abs(this); }
  square(): Tensor { return arithmetic.square(this); }
  exp(): Tensor { return arithmetic.exp(this); }
  log(): Tensor { return arithmetic.log(this); }
  sqrt(): Tensor { return arithmetic.sqrt(this); }
  relu(): Tensor { return activation.relu(this); }
  sigmoid(): Tensor { return activation.sigmoid(this); }
  tanh(): Tensor { return activation.tanh(this); }
  softmax(axis = -1): Tensor { return activation.softmax(this, axis); }
  logSoftmax(axis = -1): Tensor { return activation.logSoftmax(this, axis); }
  activate(name: Activation): Tensor { return activation.activate(this, name); }
  matMul(b: Tensor, transposeA = false, transposeB = false): Tensor { return matMul(this, b, transposeA, transposeB); }
  sum(axis?: number | number[], keepDims = false): Tensor { return reduction.sum(this, axis, keepDims); }
  mean(axis?: number | number[], keepDims = false): Tensor { return reduction.mean(this, axis, keepDims); }
  max(axis?: number | number[], keepDims = false): Tensor { return reduction.max(this, axis, keepDims); }
  min(axis?: number | number[], keepDims = false): Tensor { return reduction.min(this, axis, keepDims); }
  argMax(axis = -1): Tensor { return reduction.argMax(this, axis); }
  argMin(axis = -1): Tensor { return reduction.argMin(this, axis); }
  reshape(shape: readonly number[]): Tensor { return layout.reshape(this, shape); }
  transpose(perm?: readonly number[]): Tensor { return layout.transpose(this, perm); }
  slice(begin: readonly number[], size?: readonly number[]): Tensor { return layout.slice(this, begin, size); }
  gather(indices: Tensor | readonly number[], axis = 0): Tensor { return layout.gather(this, indices, axis); }
  flatten(): Tensor { return layout.reshape(this, [this.size]); }
  cast(dtype: DType): Tensor { return cast(this, dtype); }
}
