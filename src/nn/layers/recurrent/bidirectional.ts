import { ArgumentError } from '../../../errors.js';
import { add, mul } from '../../../tensor/ops/arithmetic.js';
import { concat, gather } from '../../../tensor/ops/layout.js';
import type { Tensor } from '../../../tensor/tensor.js';
import { checkChoice, rejectUnsupported } from '../../checks.js';
import type { SymbolicShape } from '../../symbolicTensor.js';
import { Layer } from '../layer.js';
import type { CallArgs, LayerArgs, LayerConfig, LayerVariable } from '../layer.js';
import { layerFromConfig, registerLayer } from '../registry.js';
import { Recurrent } from './recurrent.js';

const MERGE_MODES = ['concat', 'sum', 'mul', 'ave'] as const;
export type MergeMode = (typeof MERGE_MODES)[number];

export interface BidirectionalArgs extends LayerArgs {
  /** The recurrent layer (or its `{className, config}`) run forwards and, as a copy, backwards. */
  layer: Recurrent | { className: string; config: LayerConfig };
  /** How the two outputs combine (default 'concat', along the last axis). */
  mergeMode?: MergeMode;
}

/**
 * Runs a recurrent layer over the sequence forwards and a copy of it backwards, and merges the
 * outputs (the backward one put back in time order when it is a sequence), as Keras does. The
 * copies are named `forward_<name>` and `backward_<name>` and their weights
 * `<this>/forward_<name>/kernel` ..., as TF.js names them. Initial states: the forward layer's,
 * then the backward one's; with returnState the final states come in the same order.
 */
export class Bidirectional extends Layer {
  readonly className = 'Bidirectional';
  readonly mergeMode: MergeMode;
  readonly forwardLayer: Recurrent;
  readonly backwardLayer: Recurrent;
  private readonly template: { className: string; config: LayerConfig };

  constructor(args: BidirectionalArgs) {
    super(args);
    rejectUnsupported(this.name, args, ['backwardLayer'], 'literal');
    if (args.mergeMode === null) throw new ArgumentError(`${this.name}: mergeMode null (separate outputs) is not supported; use one of ${MERGE_MODES.join(', ')}`);
    this.mergeMode = checkChoice(this.name, 'mergeMode', args.mergeMode ?? 'concat', MERGE_MODES, 'literal');
    const layer = args.layer;
    if (layer === null || typeof layer !== 'object') throw new ArgumentError(`${this.name}: layer must be a recurrent layer, found ${JSON.stringify(layer)}`);
    this.template = layer instanceof Layer ? { className: layer.className, config: layer.getConfig() } : layer;
    const copy = (direction: 'forward' | 'backward'): Recurrent => {
      const { className, config } = this.template;
      const made = layerFromConfig(className, {
        ...config, name: `${direction}_${String(config['name'])}`,
        goBackwards: (direction === 'backward') !== (config['goBackwards'] === true),
      });
      if (!(made instanceof Recurrent)) throw new ArgumentError(`${this.name}: layer must be a recurrent layer (SimpleRNN, LSTM, GRU), found ${className}`);
      made.weightScope = `${this.name}/${made.name}`;
      return made;
    };
    this.forwardLayer = copy('forward');
    this.backwardLayer = copy('backward');
  }

  override get weights(): LayerVariable[] {
    return [...this.forwardLayer.weights, ...this.backwardLayer.weights];
  }

  override get maxInputs(): number {
    return 1 + 2 * this.forwardLayer.stateCount;
  }

  override get outputCount(): number {
    return this.forwardLayer.returnState ? 1 + 2 * this.forwardLayer.stateCount : 1;
  }

  override build(inputShape: SymbolicShape): void {
    this.forwardLayer.ensureBuilt(inputShape);
    this.backwardLayer.ensureBuilt(inputShape);
    super.build(inputShape);
  }

  override computeOutputShape(inputShape: SymbolicShape): SymbolicShape {
    const shape = this.forwardLayer.computeOutputShape(inputShape);
    const last = shape[shape.length - 1]!;
    return [...shape.slice(0, -1), this.mergeMode === 'concat' ? 2 * last : last];
  }

  override computeOutputShapes(inputShapes: readonly SymbolicShape[]): SymbolicShape[] {
    const states = this.forwardLayer.computeOutputShapes(inputShapes).slice(1);
    return [this.computeOutputShape(inputShapes[0]!), ...states, ...states];
  }

  override computeMask(inputs: readonly Tensor[], mask: Tensor | undefined): Tensor | undefined {
    return this.forwardLayer.computeMask(inputs, mask);
  }

  call(input: Tensor, args: CallArgs): Tensor {
    return this.callAll([input], args)[0]!;
  }

  override callAll(inputs: readonly Tensor[], args: CallArgs): Tensor[] {
    const [x, ...states] = inputs as [Tensor, ...Tensor[]];
    if (states.length !== 0 && states.length !== this.maxInputs - 1) {
      throw new ArgumentError(`${this.name}: expected ${this.maxInputs - 1} initial states after the input (the forward layer's, then the backward one's), found ${states.length}`);
    }
    const half = states.length / 2;
    const [yF, ...statesF] = this.forwardLayer.callAll([x, ...states.slice(0, half)], args) as [Tensor, ...Tensor[]];
    let [yB, ...statesB] = this.backwardLayer.callAll([x, ...states.slice(half)], args) as [Tensor, ...Tensor[]];
    if (this.forwardLayer.returnSequences) {
      const steps = yB.shape[1]!;
      yB = gather(yB, Array.from({ length: steps }, (_, t) => steps - 1 - t), 1);
    }
    return [this.merge(yF, yB), ...statesF, ...statesB];
  }

  private merge(a: Tensor, b: Tensor): Tensor {
    switch (this.mergeMode) {
      case 'concat': return concat([a, b], -1);
      case 'sum': return add(a, b);
      case 'mul': return mul(a, b);
      case 'ave': return mul(add(a, b), 0.5);
    }
  }

  override getConfig(): LayerConfig {
    return { ...super.getConfig(), layer: this.template, mergeMode: this.mergeMode };
  }
}

registerLayer('Bidirectional', (config) => new Bidirectional(config as unknown as BidirectionalArgs));
