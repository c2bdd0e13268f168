import type { Layer } from '../layers/layer.js';
import { LayersModel } from './layersModel.js';
import type { ModelArgs } from './layersModel.js';
import { Sequential } from './sequential.js';
import type { SequentialArgs } from './sequential.js';

export { LayersModel, Sequential };
export type { EvaluateArgs, FitArgs, ModelArgs } from './layersModel.js';
export type { SequentialArgs } from './sequential.js';
export type { CompileArgs } from './compileArgs.js';

/** `tl.sequential([layer, ...])` or `tl.sequential({layers, name})`. */
export function sequential(args?: SequentialArgs | Layer[]): Sequential {
  return new Sequential(args);
}

/** `tl.model({inputs, outputs})`: a functional model over layers applied to symbolic tensors. */
export function model(args: ModelArgs): LayersModel {
  return new LayersModel(args);
}
