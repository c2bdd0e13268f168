import type { RecurrentActivation, RecurrentCell } from '../../../backend/backend.js';
import { RECURRENT_ACTIVATIONS, RECURRENT_CELLS } from '../../../backend/backend.js';
import { ArgumentError, ShapeError, fmtShape } from '../../../errors.js';
import { mul } from '../../../tensor/ops/arithmetic.js';
import { greaterEqual } from '../../../tensor/ops/comparison.js';
import { randomUniform, zeros } from '../../../tensor/ops/creation.js';
import { concat, gather, reshape, slice } from '../../../tensor/ops/layout.js';
import { fusedMatMul } from '../../../tensor/ops/matmul.js';
import { recurrence } from '../../../tensor/ops/recurrence.js';
import { Tensor } from '../../../tensor/tensor.js';
import type { ActivationFunction } from '../../activations.js';
import { FRACTION, POSITIVE_INTEGER, checkBoolean, checkNumber, rejectUnsupported } from '../../checks.js';
import type { Initializer } from '../../initializers/initializer.js';
import type { InitializerIdentifier } from '../../initializers/registry.js';
import type { L1L2 } from '../../regularizers/l1l2.js';
import type { RegularizerIdentifier } from '../../regularizers/registry.js';
import { sampleUniform } from '../../sampleRandomness.js';
import { serialize } from '../../serialization.js';
import type { SymbolicShape } from '../../symbolicTensor.js';
import { knownDimension, requireRank } from '../inputShape.js';
import { Layer } from '../layer.js';
import type { CallArgs, LayerArgs, LayerConfig, LayerVariable, WeightInitializer } from '../layer.js';
import { activationArg, initializerArg, regularizerArg, serializeRegularizer } from '../weightArgs.js';

/** Arguments of simpleRNN, lstm and gru (Keras/TF.js names). */
export interface RecurrentArgs extends LayerArgs {
  /** Size of the output and of each state. */
  units: number;
  /** Default 'tanh'. One of linear, relu, sigmoid, tanh, hardSigmoid (what the recurrence kernels compute). */
  activation?: string | null;
  /** Default true. */
  useBias?: boolean;
  /** Default 'glorotUniform' (TF.js: glorotNormal). */
  kernelInitializer?: InitializerIdentifier;
  /** Default 'orthogonal'. */
  recurrentInitializer?: InitializerIdentifier;
  /** Default 'zeros'. */
  biasInitializer?: InitializerIdentifier;
  kernelRegularizer?: RegularizerIdentifier | null;
  recurrentRegularizer?: RegularizerIdentifier | null;
  biasRegularizer?: RegularizerIdentifier | null;
  /** Fraction of the input's features dropped in training (one mask for all steps), in [0, 1). */
  dropout?: number;
  /** Fraction of the state's units dropped before the recurrent product in training (one mask for all steps). */
  recurrentDropout?: number;
  /** Return the output of every step, `[batch, steps, units]`, instead of the last, `[batch, units]`. */
  returnSequences?: boolean;
  /** Also return the final states: `apply([x])` gives `[output, h]` (lstm: `[output, h, c]`). */
  returnState?: boolean;
  /** Process the sequence from its last step to its first (outputs come in that order). */
  goBackwards?: boolean;
  /** Accepted for Keras/TF.js configs; the loop is always a kernel, never unrolled. */
  unroll?: boolean;
  /** Accepted for Keras/TF.js configs; there is one implementation. */
  implementation?: number | null;
}

/** Config keys of Keras/TF.js recurrent layers that Tensile does not implement; a config must leave them off. */
const UNSUPPORTED = ['stateful', 'timeMajor', 'kernelConstraint', 'recurrentConstraint', 'biasConstraint', 'activityRegularizer'];

function recurrentActivation(where: string, key: string, fn: ActivationFunction): RecurrentActivation {
  const name = fn.name as RecurrentActivation;
  if (!RECURRENT_ACTIVATIONS.includes(name)) {
    throw new ArgumentError(`${where}: ${key} must be one of ${RECURRENT_ACTIVATIONS.join(', ')} (what the recurrence kernels compute), found '${fn.name}'`);
  }
  return name;
}

/** A mask of 0 and 1 / (1 - rate) entries for dropout at `rate`. */
function dropoutMask(op: string, shape: number[], rate: number): Tensor {
  return mul(greaterEqual(sampleUniform(op, shape) ?? randomUniform(shape, 0, 1), rate), 1 / (1 - rate));
}

/**
 * What simpleRNN, lstm and gru share, as Keras' RNN layer around a cell: a kernel for the input
 * (`[features, gates * units]`), a recurrent kernel (`[units, gates * units]`) and a bias; the input
 * projection of every step as one matrix product, then the time loop as one `recurrence` op.
 * Takes `[batch, steps, features]`, optionally followed by the initial states (`apply([x, h0])`,
 * lstm `apply([x, h0, c0])`); a mask (from a Masking layer, or `apply(x, {mask})`) makes padded
 * steps carry the state over.
 */
export abstract class Recurrent extends Layer {
  readonly units: number;
  readonly activation: ActivationFunction;
  readonly useBias: boolean;
  readonly kernelInitializer: Initializer;
  readonly recurrentInitializer: Initializer;
  readonly biasInitializer: Initializer;
  readonly kernelRegularizer: L1L2 | undefined;
  readonly recurrentRegularizer: L1L2 | undefined;
  readonly biasRegularizer: L1L2 | undefined;
  readonly dropout: number;
  readonly recurrentDropout: number;
  readonly returnSequences: boolean;
  readonly returnState: boolean;
  readonly goBackwards: boolean;
  protected kernel!: LayerVariable;
  protected recurrentKernel!: LayerVariable;
  protected bias: LayerVariable | undefined;
  /** The kernels' names for the activations. */
  private readonly kernelActivation: RecurrentActivation;

  constructor(args: RecurrentArgs) {
    super(args);
    rejectUnsupported(this.name, args, UNSUPPORTED, 'literal');
    this.units = checkNumber(this.name, 'units', args.units, POSITIVE_INTEGER, 'literal');
    this.activation = activationArg(this.name, args.activation ?? 'tanh');
    this.kernelActivation = recurrentActivation(this.name, 'activation', this.activation);
    this.useBias = checkBoolean(this.name, 'useBias', args.useBias ?? true, 'literal');
    this.kernelInitializer = initializerArg(this.name, 'kernelInitializer', args.kernelInitializer, 'glorotUniform');
    this.recurrentInitializer = initializerArg(this.name, 'recurrentInitializer', args.recurrentInitializer, 'orthogonal');
    this.biasInitializer = initializerArg(this.name, 'biasInitializer', args.biasInitializer, 'zeros');
    this.kernelRegularizer = regularizerArg(this.name, 'kernelRegularizer', args.kernelRegularizer);
    this.recurrentRegularizer = regularizerArg(this.name, 'recurrentRegularizer', args.recurrentRegularizer);
    this.biasRegularizer = regularizerArg(this.name, 'biasRegularizer', args.biasRegularizer);
    this.dropout = checkNumber(this.name, 'dropout', args.dropout ?? 0, FRACTION, 'literal');
    this.recurrentDropout = checkNumber(this.name, 'recurrentDropout', args.recurrentDropout ?? 0, FRACTION, 'literal');
    this.returnSequences = checkBoolean(this.name, 'returnSequences', args.returnSequences ?? false, 'literal');
    this.returnState = checkBoolean(this.name, 'returnState', args.returnState ?? false, 'literal');
    this.goBackwards = checkBoolean(this.name, 'goBackwards', args.goBackwards ?? false, 'literal');
  }

  /** The cell the recurrence op computes. */
  protected abstract get cell(): RecurrentCell;

  /** The gate activation for the kernel (simpleRNN has none and passes 'sigmoid', unused). */
  protected abstract get gateActivation(): RecurrentActivation;

  /** Shape of the bias weight; gru with resetAfter overrides it. */
  protected biasShape(): number[] {
    return [RECURRENT_CELLS[this.cell].gates * this.units];
  }

  /** The bias' initial value; lstm with unitForgetBias overrides it. */
  protected biasInitial(): WeightInitializer {
    return this.biasInitializer;
  }

  /** Number of states: 1 (h), lstm 2 (h, c). */
  get stateCount(): number {
    return RECURRENT_CELLS[this.cell].states;
  }

  override get maxInputs(): number {
    return 1 + this.stateCount;
  }

  override get outputCount(): number {
    return this.returnState ? 1 + this.stateCount : 1;
  }

  override build(inputShape: SymbolicShape): void {
    requireRank(this.name, inputShape, 3, '[batch, steps, features]');
    const features = knownDimension(this.name, inputShape, 2, 'last (features)');
    const width = RECURRENT_CELLS[this.cell].gates * this.units;
    this.kernel = this.addWeight('kernel', [features, width], this.kernelInitializer, { regularizer: this.kernelRegularizer });
    this.recurrentKernel = this.addWeight('recurrent_kernel', [this.units, width], this.recurrentInitializer, { regularizer: this.recurrentRegularizer });
    if (this.useBias) this.bias = this.addWeight('bias', this.biasShape(), this.biasInitial(), { regularizer: this.biasRegularizer });
    super.build(inputShape);
  }

  override computeOutputShape(inputShape: SymbolicShape): SymbolicShape {
    requireRank(this.name, inputShape, 3, '[batch, steps, features]');
    return this.returnSequences ? [inputShape[0]!, inputShape[1]!, this.units] : [inputShape[0]!, this.units];
  }

  override computeOutputShapes(inputShapes: readonly SymbolicShape[]): SymbolicShape[] {
    const output = this.computeOutputShape(inputShapes[0]!);
    const state: SymbolicShape = [inputShapes[0]![0]!, this.units];
    return [output, ...(this.returnState ? Array.from({ length: this.stateCount }, () => state) : [])];
  }

  override computeMask(inputs: readonly Tensor[], mask: Tensor | undefined): Tensor | undefined {
    void inputs;
    return this.returnSequences ? mask : undefined;
  }

  call(input: Tensor, args: CallArgs): Tensor {
    return this.callAll([input], args)[0]!;
  }

  override callAll(inputs: readonly Tensor[], { training, mask }: CallArgs): Tensor[] {
    const [x0, ...given] = inputs as [Tensor, ...Tensor[]];
    const [batch, steps] = x0.shape as [number, number, number];
    if (steps === 0) throw new ShapeError(`${this.name}: expected at least one time step, found input shape ${fmtShape(x0.shape)}`);
    const initialState = this.initialState(given, batch);
    let x = x0;
    let stepMask = mask === undefined ? undefined : this.checkMask(mask, batch, steps);
    if (this.goBackwards) {
      const reversed = Array.from({ length: steps }, (_, t) => steps - 1 - t);
      x = gather(x, reversed, 1);
      stepMask = stepMask === undefined ? undefined : gather(stepMask, reversed, 1);
    }
    if (training && this.dropout > 0) x = mul(x, dropoutMask(this.name, [batch, 1, x.shape[2]!], this.dropout));
    const recurrentBias = this.cell !== 'gruResetAfter' ? undefined : this.bias === undefined ? zeros(this.biasShape().slice(1)) : this.biasRow(1);
    const states = recurrence({
      cell: this.cell,
      xProj: this.project(x),
      recurrentKernel: this.recurrentKernel.tensor,
      initialState,
      ...(recurrentBias === undefined ? {} : { recurrentBias }),
      ...(stepMask === undefined ? {} : { mask: stepMask }),
      ...(training && this.recurrentDropout > 0 ? { recurrentMask: dropoutMask(this.name, [batch, this.units], this.recurrentDropout) } : {}),
      activation: this.kernelActivation,
      recurrentActivation: this.gateActivation,
    });
    const S = this.stateCount;
    const final = Array.from({ length: S }, (_, k) => reshape(slice(states, [0, steps - 1, k * this.units], [batch, 1, this.units]), [batch, this.units]));
    const sequence = S === 1 ? states : slice(states, [0, 0, 0], [batch, steps, this.units]);
    const output = this.returnSequences ? sequence : final[0]!;
    return this.returnState ? [output, ...final] : [output];
  }

  /** x W + b for every step at once: `[batch, steps, gates * units]`. */
  private project(x: Tensor): Tensor {
    const [batch, steps, features] = x.shape as [number, number, number];
    const bias = this.bias === undefined ? undefined : this.cell === 'gruResetAfter' ? this.biasRow(0) : this.bias.tensor;
    const rows = fusedMatMul({ a: reshape(x, [batch * steps, features]), b: this.kernel.tensor, ...(bias === undefined ? {} : { bias }) });
    return reshape(rows, [batch, steps, rows.shape[1]!]);
  }

  /** Row `i` of gru's `[2, 3 * units]` bias (0: input bias, 1: recurrent bias). */
  private biasRow(i: number): Tensor {
    const width = this.biasShape()[1]!;
    return reshape(slice(this.bias!.tensor, [i, 0], [1, width]), [width]);
  }

  /** The given initial states, checked, as one `[batch, states * units]` tensor; zeros without them. */
  private initialState(given: readonly Tensor[], batch: number): Tensor {
    const S = this.stateCount;
    if (given.length === 0) return zeros([batch, S * this.units]);
    if (given.length !== S) {
      throw new ArgumentError(`${this.name}: expected ${S} initial state tensor(s) after the input (${S === 2 ? 'h and c' : 'h'}), found ${given.length}`);
    }
    given.forEach((state, k) => {
      if (state.dtype !== 'float32' || state.rank !== 2 || state.shape[0] !== batch || state.shape[1] !== this.units) {
        throw new ShapeError(`${this.name}: initial state ${k} must be float32 [${batch},${this.units}] ([batch, units]), found ${state.dtype} ${fmtShape(state.shape)}`);
      }
    });
    return S === 1 ? given[0]! : concat(given, 1);
  }

  private checkMask(mask: Tensor, batch: number, steps: number): Tensor {
    if (!(mask instanceof Tensor) || mask.rank !== 2 || mask.shape[0] !== batch || mask.shape[1] !== steps) {
      const found = mask instanceof Tensor ? fmtShape(mask.shape) : typeof mask;
      throw new ShapeError(`${this.name}: the mask must have shape [${batch},${steps}] ([batch, steps]), found ${found}`);
    }
    return mask;
  }

  override getConfig(): LayerConfig {
    return {
      ...super.getConfig(),
      units: this.units,
      activation: this.activation.name,
      useBias: this.useBias,
      kernelInitializer: serialize(this.kernelInitializer),
      recurrentInitializer: serialize(this.recurrentInitializer),
      biasInitializer: serialize(this.biasInitializer),
      kernelRegularizer: serializeRegularizer(this.kernelRegularizer),
      recurrentRegularizer: serializeRegularizer(this.recurrentRegularizer),
      biasRegularizer: serializeRegularizer(this.biasRegularizer),
      dropout: this.dropout,
      recurrentDropout: this.recurrentDropout,
      returnSequences: this.returnSequences,
      returnState: this.returnState,
      goBackwards: this.goBackwards,
    };
  }
}

/** Arguments of the gated cells (lstm, gru). */
export interface GatedArgs extends RecurrentArgs {
  /** Activation of the gates; default 'sigmoid' (TF.js: hardSigmoid). */
  recurrentActivation?: string | null;
}

/** lstm and gru: a recurrent layer with gates and their own activation. */
export abstract class Gated extends Recurrent {
  readonly recurrentActivation: ActivationFunction;
  private readonly kernelGateActivation: RecurrentActivation;

  constructor(args: GatedArgs) {
    super(args);
    this.recurrentActivation = activationArg(this.name, args.recurrentActivation ?? 'sigmoid');
    this.kernelGateActivation = recurrentActivation(this.name, 'recurrentActivation', this.recurrentActivation);
  }

  protected get gateActivation(): RecurrentActivation {
    return this.kernelGateActivation;
  }

  override getConfig(): LayerConfig {
    return { ...super.getConfig(), recurrentActivation: this.recurrentActivation.name };
  }
}
