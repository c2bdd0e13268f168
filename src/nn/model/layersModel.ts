import { noGrad } from '../../autograd/tape.js';
import { ArgumentError } from '../../errors.js';
import { concat } from '../../tensor/ops/layout.js';
import { Tensor } from '../../tensor/tensor.js';
import type { ElasticOptions } from '../../elastic/options.js';
import type { SaveOptions } from '../../io/tfjs/save.js';
import type { Callback } from '../callbacks/callback.js';
import type { History } from '../callbacks/history.js';
import type { Layer, LayerVariable } from '../layers/layer.js';
import type { SymbolicTensor } from '../symbolicTensor.js';
import { checkBatchSize, rangeRows, takeRows } from './batches.js';
import type { CompileArgs, Compiled } from './compileArgs.js';
import { resolveCompileArgs } from './compileArgs.js';
import { LayerGraph } from './graph.js';
import { evaluateTensors, fitTensors, trainBatch } from './training.js';
import { summarize } from './summary.js';

export interface ModelArgs {
  inputs: SymbolicTensor | SymbolicTensor[];
  outputs: SymbolicTensor | SymbolicTensor[];
  name?: string;
}

export interface FitArgs {
  epochs?: number;
  batchSize?: number;
  /** Shuffle the training samples before each epoch (default true). */
  shuffle?: boolean;
  /** Hold out this fraction of the samples (the last ones, before shuffling, as Keras does) for validation. */
  validationSplit?: number;
  validationData?: [Tensor, Tensor];
  /** Weight of each class in the loss, by class index (sparse or one-hot labels). */
  classWeight?: Record<number, number>;
  callbacks?: Callback[];
  /** 0 = silent, 1 = progress bar (default). */
  verbose?: 0 | 1;
  initialEpoch?: number;
  /** Seed for the shuffling order; default: drawn from the global generator (tl.setSeed). */
  seed?: number;
  /**
   * Train data-parallel on this many worker threads (elastic training): each step's batch is
   * split over the workers alive in that step, and the result does not depend on how many there
   * were. Workers may join, leave or die mid-training (see `elastic`).
   */
  workers?: number;
  /** Elastic training options; giving them (or `workers`) trains on worker threads. */
  elastic?: ElasticOptions;
}

export interface EvaluateArgs {
  batchSize?: number;
}

let modelCount = 0;

/**
 * A model: layers wired from inputs to outputs (functional API, `tl.model`), trained with
 * `compile` + `fit`. Sequential builds the same graph one layer at a time. One input and one
 * output are what `fit`/`evaluate` support; the graph itself allows several.
 */
export class LayersModel {
  readonly name: string;
  /** Set by callbacks (EarlyStopping) to end `fit` after the current epoch. */
  stopTraining = false;
  protected graph: LayerGraph | undefined;
  protected compiled: Compiled | undefined;

  constructor(args?: ModelArgs, name?: string) {
    this.name = args?.name ?? name ?? (modelCount++ === 0 ? 'model' : `model_${modelCount - 1}`);
    if (args !== undefined) {
      const list = <T>(v: T | T[]): T[] => (Array.isArray(v) ? v : [v]);
      this.graph = new LayerGraph(list(args.inputs), list(args.outputs));
    }
  }

  /** The graph, or an error saying why there is none yet (a Sequential model without an input shape). */
  protected requireGraph(op: string): LayerGraph {
    if (this.graph === undefined) {
      throw new ArgumentError(`${this.name}.${op}: the model has no input shape yet; give the first layer inputShape, or call fit/predict with data first`);
    }
    return this.graph;
  }

  get layers(): Layer[] {
    return this.graph?.layers ?? [];
  }

  get inputs(): readonly SymbolicTensor[] {
    return this.requireGraph('inputs').inputs;
  }

  get outputs(): readonly SymbolicTensor[] {
    return this.requireGraph('outputs').outputs;
  }

  get weights(): LayerVariable[] {
    return this.layers.flatMap((l) => l.weights);
  }

  get trainableWeights(): LayerVariable[] {
    return this.layers.flatMap((l) => l.trainableWeights);
  }

  getWeights(): Tensor[] {
    return this.layers.flatMap((l) => l.getWeights());
  }

  setWeights(values: readonly Tensor[]): void {
    const expected = this.weights.length;
    if (!Array.isArray(values) || values.length !== expected) {
      throw new ArgumentError(`${this.name}.setWeights: expected ${expected} tensors, found ${Array.isArray(values) ? values.length : typeof values}`);
    }
    // Check every layer's share before changing any, so a bad list leaves the model as it was.
    const shares: [Layer, Tensor[]][] = [];
    let at = 0;
    for (const layer of this.layers) {
      const share = values.slice(at, (at += layer.weights.length));
      layer.checkWeights(share);
      shares.push([layer, share]);
    }
    for (const [layer, share] of shares) layer.setWeights(share);
  }

  countParams(): number {
    return this.layers.reduce((n, l) => n + l.countParams(), 0);
  }

  /** Prints (and returns) a table of layers, output shapes and parameter counts. */
  summary(printFn: (line: string) => void = console.log): string {
    const text = summarize(this.name, this.requireGraph('summary'));
    printFn(text);
    return text;
  }

  /** Builds the model for `x` when it can only be built from data (Sequential without inputShape). */
  protected buildFor(x: Tensor): void {
    void x;
  }

  /** Forward pass on one batch (records the graph when gradients are needed). */
  call(x: Tensor, training = false): Tensor {
    if (!(x instanceof Tensor)) throw new ArgumentError(`${this.name}: expected an input Tensor, found ${typeof x}`);
    this.buildFor(x);
    const graph = this.requireGraph('call');
    if (graph.inputs.length !== 1 || graph.outputs.length !== 1) {
      throw new ArgumentError(`${this.name}: call/fit/predict support one input and one output; this model has ${graph.inputs.length} and ${graph.outputs.length}`);
    }
    return graph.execute([x], training)[0]!;
  }

  /** Outputs for `x` in batches of `batchSize` (inference mode, nothing recorded). */
  predict(x: Tensor, args: EvaluateArgs = {}): Tensor {
    const batchSize = checkBatchSize(`${this.name}.predict`, args.batchSize ?? 32);
    if (!(x instanceof Tensor) || x.rank === 0) throw new ArgumentError(`${this.name}.predict: expected a Tensor of samples along axis 0`);
    const n = x.shape[0]!;
    return noGrad(() => {
      if (n <= batchSize) return this.call(x);
      const parts: Tensor[] = [];
      for (let start = 0; start < n; start += batchSize) {
        parts.push(this.call(takeRows(x, rangeRows(start, Math.min(n, start + batchSize)))));
      }
      return concat(parts, 0);
    });
  }

  compile(args: CompileArgs): void {
    this.compiled = resolveCompileArgs(args);
  }

  get isCompiled(): boolean {
    return this.compiled !== undefined;
  }

  protected requireCompiled(op: string): Compiled {
    if (this.compiled === undefined) throw new ArgumentError(`${this.name}.${op}: call compile({optimizer, loss}) first`);
    return this.compiled;
  }

  /** The compiled optimizer's learning rate when it is a number (what ReduceLROnPlateau adjusts). */
  get learningRate(): number | undefined {
    const lr = this.compiled?.optimizer.learningRate;
    return typeof lr === 'number' ? lr : undefined;
  }

  set learningRate(value: number | undefined) {
    if (value !== undefined) this.requireCompiled('learningRate').optimizer.learningRate = value;
  }

  /**
   * Saves the model in the TF.js layers format (model.json + weights.bin) into the directory
   * `path` (or `file://path`), atomically; `tl.loadLayersModel` and `tf.loadLayersModel` read it.
   */
  async save(path: string, options?: SaveOptions): Promise<void> {
    // Imported when first used: the writer imports the model classes, which import this file.
    const { saveLayersModel } = await import('../../io/tfjs/save.js');
    await saveLayersModel(this, this.compiled, path, options);
  }

  /** Trains for `epochs` over (x, y); returns the per-epoch logs. */
  async fit(x: Tensor, y: Tensor, args: FitArgs = {}): Promise<History> {
    const compiled = this.requireCompiled('fit');
    if (x instanceof Tensor) this.buildFor(x);
    if (args.workers === undefined && args.elastic === undefined) return fitTensors(this, compiled, x, y, args);
    // Imported when first used: the elastic job pulls in worker threads, the store and the coordinator.
    const { fitElastic } = await import('../../elastic/embedded/fit.js');
    return fitElastic(this, compiled, x, y, args);
  }

  /** Loss and metrics over (x, y): `{loss, accuracy, ...}`. */
  evaluate(x: Tensor, y: Tensor, args: EvaluateArgs = {}): Record<string, number> {
    return evaluateTensors(this, this.requireCompiled('evaluate'), x, y, checkBatchSize(`${this.name}.evaluate`, args.batchSize ?? 32));
  }

  /** One optimizer step on one batch; returns its loss and metrics. */
  trainOnBatch(x: Tensor, y: Tensor): Record<string, number> {
    const compiled = this.requireCompiled('trainOnBatch');
    if (x instanceof Tensor) this.buildFor(x);
    compiled.metrics.forEach((m) => m.reset());
    return trainBatch(this, compiled, x, y, undefined);
  }
}
