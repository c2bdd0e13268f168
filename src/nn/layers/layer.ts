import { noGrad } from '../../autograd/tape.js';
import { ArgumentError, ShapeError, fmtShape } from '../../errors.js';
import type { DType } from '../../tensor/dtype.js';
import { Tensor } from '../../tensor/tensor.js';
import { camelToSnake } from '../caseConversion.js';
import type { LayerNode, SymbolicShape } from '../symbolicTensor.js';
import { SymbolicTensor, formatSymbolicShape } from '../symbolicTensor.js';

/** Arguments every layer accepts (Keras/TF.js names). */
export interface LayerArgs {
  name?: string;
  trainable?: boolean;
  /** Shape of one sample, without the batch dimension: makes this layer a model's first layer. */
  inputShape?: number[];
  /** Shape including the batch dimension (null = any batch size). */
  batchInputShape?: SymbolicShape;
  dtype?: DType;
}

/** A layer's configuration: plain JSON, camelCase keys (the TF.js format writer converts them to snake_case). */
export type LayerConfig = Record<string, unknown>;

export interface CallArgs {
  /** True inside fit/trainOnBatch: dropout drops, batch normalization uses and updates batch statistics. */
  training: boolean;
  /**
   * `[batch, steps]`, 0 at padded time steps: made by a Masking layer (or passed by the caller)
   * and used by recurrent layers, as Keras' masks are. Absent when there is none.
   */
  mask?: Tensor | undefined;
}

/** Something that can make a weight's initial value. */
export interface WeightInitializer {
  apply(shape: number[], dtype: DType): Tensor;
}

/** Something that turns a weight into a penalty added to the loss (L1/L2). */
export interface WeightRegularizer {
  apply(weight: Tensor): Tensor;
}

/**
 * A named weight of a layer. `tensor` is a leaf variable whose identity never changes (optimizers
 * and `setWeights` swap its value with `assign`), so optimizer state can be keyed by it.
 */
export class LayerVariable {
  constructor(
    readonly name: string,
    readonly tensor: Tensor,
    readonly trainable: boolean,
    readonly regularizer?: WeightRegularizer,
  ) {}
}

const nameCounters = new Map<string, number>();

/** Keras-style unique names: `dense`, `dense_1`, `dense_2`, ...; Keras' snake case (`Conv2D` -> `conv2d`). */
function uniqueName(className: string): string {
  const base = camelToSnake(className);
  const n = nameCounters.get(base) ?? 0;
  nameCounters.set(base, n + 1);
  return n === 0 ? base : `${base}_${n}`;
}

/**
 * The base of every layer. A subclass sets `className` (the Keras class name, used in saved
 * files), creates its weights in `build` with `addWeight`, computes in `call`, describes its
 * output shape in `computeOutputShape`, and adds its own arguments to `getConfig`, so that
 * `new Layer(layer.getConfig())` rebuilds it.
 */
export abstract class Layer {
  abstract readonly className: string;
  readonly name: string;
  trainable: boolean;
  readonly dtype: DType;
  readonly batchInputShape: SymbolicShape | undefined;
  built = false;
  /** Calls of this layer in functional models (for saving their wiring). */
  readonly inboundNodes: LayerNode[] = [];
  /** What this layer's weight names start with: its name, or a wrapper's path for it (TF.js names them so). */
  weightScope: string;
  /** Layers that keep the time axis pass a mask on (see `computeMask`). */
  protected readonly passesMask: boolean = false;
  private readonly variables: LayerVariable[] = [];
  private builtInputShape: SymbolicShape | undefined;

  constructor(args: LayerArgs = {}) {
    if (args.name !== undefined && (typeof args.name !== 'string' || args.name === '')) {
      throw new ArgumentError(`${new.target.name}: name must be a non-empty string, found ${JSON.stringify(args.name)}`);
    }
    this.name = args.name ?? uniqueName(new.target.name);
    this.weightScope = this.name;
    this.trainable = args.trainable ?? true;
    this.dtype = args.dtype ?? 'float32';
    if (args.batchInputShape !== undefined) {
      this.batchInputShape = checkShape(this.name, 'batchInputShape', args.batchInputShape, true);
    } else if (args.inputShape !== undefined) {
      this.batchInputShape = [null, ...checkShape(this.name, 'inputShape', args.inputShape, false)];
    }
  }

  /** Creates the weights for inputs of `inputShape`. Subclasses call `super.build` last. */
  build(inputShape: SymbolicShape): void {
    void inputShape;
    this.built = true;
  }

  abstract call(input: Tensor, args: CallArgs): Tensor;

  /**
   * The layer on all its inputs, giving all its outputs: for layers with several (a recurrent
   * layer takes initial states and can return its final states). The default is `call`.
   */
  callAll(inputs: readonly Tensor[], args: CallArgs): Tensor[] {
    if (inputs.length !== 1) throw new ArgumentError(`${this.name}: expected one input tensor, found ${inputs.length}`);
    return [this.call(inputs[0]!, args)];
  }

  /** How many tensors `callAll` takes at most. */
  get maxInputs(): number {
    return 1;
  }

  /** How many tensors `callAll` returns. */
  get outputCount(): number {
    return 1;
  }

  /** The mask of the first output, given the first input's: passed on by layers that keep the time axis, else none. */
  computeMask(inputs: readonly Tensor[], mask: Tensor | undefined): Tensor | undefined {
    void inputs;
    return this.passesMask ? mask : undefined;
  }

  /** The output shape for `inputShape`; the default keeps the shape (elementwise layers). */
  computeOutputShape(inputShape: SymbolicShape): SymbolicShape {
    return inputShape;
  }

  /** The shapes of all outputs for the shapes of all inputs; the default is `computeOutputShape`. */
  computeOutputShapes(inputShapes: readonly SymbolicShape[]): SymbolicShape[] {
    return [this.computeOutputShape(inputShapes[0]!)];
  }

  getConfig(): LayerConfig {
    const config: LayerConfig = { name: this.name, trainable: this.trainable, dtype: this.dtype };
    if (this.batchInputShape !== undefined) config['batchInputShape'] = this.batchInputShape;
    return config;
  }

  protected addWeight(
    name: string,
    shape: number[],
    initializer: WeightInitializer,
    options: { trainable?: boolean; regularizer?: WeightRegularizer } = {},
  ): LayerVariable {
    const tensor = initializer.apply(shape, this.dtype);
    if (tensor.dtype !== this.dtype || tensor.shape.length !== shape.length || tensor.shape.some((d, i) => d !== shape[i])) {
      throw new ShapeError(`${this.name}: initializer for ${name} made ${tensor.dtype} ${fmtShape(tensor.shape)}, expected ${this.dtype} ${fmtShape(shape)}`);
    }
    const trainable = options.trainable ?? true;
    const leaf = tensor.detach();
    if (trainable) leaf.requiresGrad = true;
    const variable = new LayerVariable(`${this.weightScope}/${name}`, leaf, trainable, options.regularizer);
    this.variables.push(variable);
    return variable;
  }

  /** All weights, in creation order (the order of `getWeights` and of saved files). */
  get weights(): LayerVariable[] {
    return this.variables.slice();
  }

  /** Weights the optimizer updates (none when the layer is frozen with `trainable = false`). */
  get trainableWeights(): LayerVariable[] {
    return this.trainable ? this.weights.filter((v) => v.trainable) : [];
  }

  getWeights(): Tensor[] {
    return this.weights.map((v) => v.tensor.detach());
  }

  setWeights(values: readonly Tensor[]): void {
    this.checkWeights(values);
    noGrad(() => this.weights.forEach((v, i) => v.tensor.assign(values[i]!)));
  }

  /** Throws unless `values` could replace this layer's weights (count, dtypes, shapes). */
  checkWeights(values: readonly Tensor[]): void {
    const variables = this.weights;
    if (!Array.isArray(values) || values.length !== variables.length) {
      throw new ArgumentError(`${this.name}.setWeights: expected ${variables.length} tensors, found ${Array.isArray(values) ? values.length : typeof values}`);
    }
    variables.forEach((v, i) => {
      const value = values[i]!;
      if (!(value instanceof Tensor) || value.dtype !== v.tensor.dtype || value.shape.length !== v.tensor.shape.length ||
        value.shape.some((d, j) => d !== v.tensor.shape[j])) {
        const found = value instanceof Tensor ? `${value.dtype} ${fmtShape(value.shape)}` : typeof value;
        throw new ShapeError(`${this.name}.setWeights: ${v.name} expects ${v.tensor.dtype} ${fmtShape(v.tensor.shape)}, found ${found}`);
      }
    });
  }

  /** Penalties of this layer's regularized weights, to be added to the loss. */
  regularizationLosses(): Tensor[] {
    return this.trainableWeights.flatMap((v) => (v.regularizer === undefined ? [] : [v.regularizer.apply(v.tensor)]));
  }

  countParams(): number {
    return this.weights.reduce((n, v) => n + v.tensor.size, 0);
  }

  /**
   * Applies the layer. On a Tensor it computes (building first if needed; inference mode unless
   * `training`). On a SymbolicTensor it records the call for a functional model and returns the
   * symbolic output. An array of inputs (a recurrent layer's input and initial states) gives the
   * array of all outputs; so does a layer with several outputs (`returnState`), whose input must
   * then be passed in an array.
   */
  apply(input: Tensor, args?: Partial<CallArgs>): Tensor;
  apply(input: SymbolicTensor): SymbolicTensor;
  apply(inputs: Tensor[], args?: Partial<CallArgs>): Tensor[];
  apply(inputs: SymbolicTensor[]): SymbolicTensor[];
  apply(input: Tensor | SymbolicTensor | Tensor[] | SymbolicTensor[], args: Partial<CallArgs> = {}): Tensor | SymbolicTensor | Tensor[] | SymbolicTensor[] {
    const many = Array.isArray(input);
    const inputs: unknown[] = many ? input : [input];
    if (inputs.length === 0 || inputs.length > this.maxInputs) {
      throw new ArgumentError(`${this.name}.apply: expected ${this.maxInputs === 1 ? 'one input' : `1 to ${this.maxInputs} inputs`}, found ${inputs.length}`);
    }
    if (inputs.every((x) => x instanceof SymbolicTensor)) {
      const symbolic = inputs as SymbolicTensor[];
      this.ensureBuilt(symbolic[0]!.shape);
      const shapes = this.computeOutputShapes(symbolic.map((t) => t.shape));
      if (!many) this.single(shapes);
      const node: LayerNode = { layer: this, inputs: symbolic };
      this.inboundNodes.push(node);
      const outputs = shapes.map((shape, i) => new SymbolicTensor(shape, this.dtype, node, `${this.name}/out${i === 0 ? '' : `_${i}`}`, i));
      return many ? outputs : outputs[0]!;
    }
    const bad = inputs.findIndex((x) => !(x instanceof Tensor));
    if (bad >= 0) {
      const x = inputs[bad];
      throw new ArgumentError(`${this.name}.apply: expected Tensors or SymbolicTensors, found ${x === null ? 'null' : typeof x}${many ? ` at position ${bad}` : ''}`);
    }
    const tensors = inputs as Tensor[];
    this.ensureBuilt([null, ...tensors[0]!.shape.slice(1)]);
    const outputs = this.callAll(tensors, { training: args.training ?? false, mask: args.mask });
    return many ? outputs : this.single(outputs);
  }

  private single<T>(outputs: T[]): T {
    if (outputs.length !== 1) {
      throw new ArgumentError(`${this.name}.apply: the layer returns ${outputs.length} tensors (returnState); pass its input in an array, apply([x]), to get them all`);
    }
    return outputs[0]!;
  }

  /** Builds on first use; later inputs must fit the shape the layer was built for. */
  ensureBuilt(inputShape: SymbolicShape): void {
    if (!this.built) {
      this.build(inputShape);
      this.builtInputShape = inputShape;
      return;
    }
    const expected = this.builtInputShape;
    if (expected !== undefined && !compatible(expected, inputShape)) {
      throw new ShapeError(`${this.name}: expected input shape ${formatSymbolicShape(expected)}, found ${formatSymbolicShape(inputShape)}`);
    }
  }
}

/** True when the shapes agree wherever both are known. */
export function compatible(expected: SymbolicShape, actual: SymbolicShape): boolean {
  return expected.length === actual.length && expected.every((d, i) => d === null || actual[i] === null || d === actual[i]);
}

function checkShape(layer: string, what: string, shape: unknown, allowNull: boolean): SymbolicShape {
  const ok = Array.isArray(shape) && shape.every((d) => (allowNull && d === null) || (Number.isInteger(d) && d > 0));
  if (!ok) throw new ShapeError(`${layer}: ${what} must be an array of positive integers${allowNull ? ' or null' : ''}, found ${JSON.stringify(shape)}`);
  return (shape as SymbolicShape).slice();
}
