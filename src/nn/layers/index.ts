/**
 * The layers, as `tl.layers.dense({units: 10})` etc. (TF.js' factory names and arguments).
 * Importing this module registers every layer class for `layerFromConfig`. Each layer's
 * constructor checks every argument, since `layerFromConfig` hands it untyped JSON (hence the
 * casts where the layer files register themselves).
 */
import { Activation } from './activation.js';
import type { ActivationArgs } from './activation.js';
import { AveragePooling2D } from './averagePooling2d.js';
import { BatchNormalization } from './batchNormalization.js';
import type { BatchNormalizationArgs } from './batchNormalization.js';
import { Conv2D } from './conv2d.js';
import type { Conv2DArgs } from './conv2d.js';
import { Dense } from './dense.js';
import type { DenseArgs } from './dense.js';
import { Dropout } from './dropout.js';
import type { DropoutArgs } from './dropout.js';
import { Embedding } from './embedding.js';
import type { EmbeddingArgs } from './embedding.js';
import { Flatten } from './flatten.js';
import type { FlattenArgs } from './flatten.js';
import { Masking } from './masking.js';
import type { MaskingArgs } from './masking.js';
import { MaxPooling2D } from './maxPooling2d.js';
import type { Pooling2DArgs } from './pooling2d.js';
import { Bidirectional } from './recurrent/bidirectional.js';
import type { BidirectionalArgs, MergeMode } from './recurrent/bidirectional.js';
import { GRU } from './recurrent/gru.js';
import type { GRUArgs } from './recurrent/gru.js';
import { LSTM } from './recurrent/lstm.js';
import type { LSTMArgs } from './recurrent/lstm.js';
import { SimpleRNN } from './recurrent/simpleRNN.js';
import type { SimpleRNNArgs } from './recurrent/simpleRNN.js';
import { Reshape } from './reshape.js';
import type { ReshapeArgs } from './reshape.js';
import { TimeDistributed } from './timeDistributed.js';
import type { TimeDistributedArgs } from './timeDistributed.js';

export { InputLayer, input } from './input.js';
export type { InputArgs } from './input.js';
export { Layer, LayerVariable } from './layer.js';
export type { CallArgs, LayerArgs, LayerConfig } from './layer.js';
export { layerFromConfig, registeredLayers } from './registry.js';
export {
  Activation, AveragePooling2D, BatchNormalization, Bidirectional, Conv2D, Dense, Dropout, Embedding, Flatten, GRU, LSTM, Masking,
  MaxPooling2D, Reshape, SimpleRNN, TimeDistributed,
};
export type {
  ActivationArgs, BatchNormalizationArgs, BidirectionalArgs, Conv2DArgs, DenseArgs, DropoutArgs, EmbeddingArgs, FlattenArgs, GRUArgs,
  LSTMArgs, MaskingArgs, MergeMode, Pooling2DArgs, ReshapeArgs, SimpleRNNArgs, TimeDistributedArgs,
};
export { Recurrent } from './recurrent/recurrent.js';
export type { GatedArgs, RecurrentArgs } from './recurrent/recurrent.js';
export type { KernelLayerArgs } from './kernelLayer.js';

export const dense = (args: DenseArgs): Dense => new Dense(args);
export const conv2d = (args: Conv2DArgs): Conv2D => new Conv2D(args);
export const maxPooling2d = (args: Pooling2DArgs = {}): MaxPooling2D => new MaxPooling2D(args);
export const averagePooling2d = (args: Pooling2DArgs = {}): AveragePooling2D => new AveragePooling2D(args);
export const flatten = (args: FlattenArgs = {}): Flatten => new Flatten(args);
export const dropout = (args: DropoutArgs): Dropout => new Dropout(args);
export const activation = (args: ActivationArgs): Activation => new Activation(args);
export const batchNormalization = (args: BatchNormalizationArgs = {}): BatchNormalization => new BatchNormalization(args);
export const embedding = (args: EmbeddingArgs): Embedding => new Embedding(args);
export const reshape = (args: ReshapeArgs): Reshape => new Reshape(args);
export const simpleRNN = (args: SimpleRNNArgs): SimpleRNN => new SimpleRNN(args);
export const lstm = (args: LSTMArgs): LSTM => new LSTM(args);
export const gru = (args: GRUArgs): GRU => new GRU(args);
export const bidirectional = (args: BidirectionalArgs): Bidirectional => new Bidirectional(args);
export const timeDistributed = (args: TimeDistributedArgs): TimeDistributed => new TimeDistributed(args);
export const masking = (args: MaskingArgs = {}): Masking => new Masking(args);
