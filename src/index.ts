/**
 * Tensile's public API: `import * as tl from 'tensile'`.
 */
export { Tensor } from './tensor/tensor.js';
export type { NestedArray, TensorLike } from './tensor/tensor.js';
export type { DType, TypedArray } from './tensor/dtype.js';
export { Random, setSeed } from './tensor/random.js';

export { tensor, scalar, fill, zeros, ones, zerosLike, onesLike, range, variable, randomNormal, randomUniform, truncatedNormal } from './tensor/ops/creation.js';
export type { TensorData } from './tensor/ops/creation.js';
export { add, sub, mul, div, pow, maximum, minimum, neg, abs, sign, square, exp, log, sqrt } from './tensor/ops/arithmetic.js';
export { equal, greater, greaterEqual, less, lessEqual } from './tensor/ops/comparison.js';
export { relu, sigmoid, tanh, softmax, logSoftmax, activate, leakyRelu, elu, gelu, hardSigmoid } from './tensor/ops/activation.js';
export { erf } from './tensor/ops/special.js';
export { sum, mean, max, min, argMax, argMin } from './tensor/ops/reduction.js';
export { matMul, fusedMatMul } from './tensor/ops/matmul.js';
export type { FusedMatMulArgs } from './tensor/ops/matmul.js';
export { reshape, transpose, broadcastTo, slice, pad, concat, stack, expandDims, squeeze, gather, oneHot } from './tensor/ops/layout.js';
export { conv2d, fusedConv2d, maxPool2d, avgPool2d } from './tensor/ops/conv.js';
export type { FusedConv2DArgs, Padding } from './tensor/ops/conv.js';
export { cast } from './tensor/ops/cast.js';
export { recurrence } from './tensor/ops/recurrence.js';
export type { RecurrenceArgs } from './tensor/ops/recurrence.js';

export * as layers from './nn/layers/index.js';
export { input } from './nn/layers/input.js';
export * as initializers from './nn/initializers/index.js';
export * as regularizers from './nn/regularizers/index.js';
export { activationFromName, ACTIVATION_NAMES } from './nn/activations.js';
export type { ActivationFunction, ActivationName } from './nn/activations.js';

export { grad, grads, valueAndGrad, valueAndGrads } from './autograd/grad.js';
export { noGrad } from './autograd/tape.js';
export type { BackwardOptions } from './autograd/tape.js';

export { setBackend, getBackend, listBackends } from './backend/index.js';
export type { Backend, Activation, RecurrentActivation, RecurrentCell } from './backend/index.js';

// Training: namespaces in the TF.js spirit (tl.optimizers.Adam, tl.losses.meanSquaredError, ...).
export * as optimizers from './nn/optimizers/index.js';
export * as callbacks from './nn/callbacks/index.js';
export { sequential, model, LayersModel, Sequential } from './nn/model/index.js';
export type { CompileArgs, EvaluateArgs, FitArgs, ModelArgs, SequentialArgs } from './nn/model/index.js';
export { SymbolicTensor } from './nn/symbolicTensor.js';
export * as schedules from './nn/schedules/index.js';
export * as losses from './nn/losses/index.js';
export * as metrics from './nn/metrics/index.js';

// Data: readers (tl.io.loadMnist, tl.io.readCsv, ...) and datasets (tl.data.fromTensors, ...).
export * as data from './data/index.js';
export * as io from './io/index.js';

// Serving: tl.serve.start({models: [...]}) runs the inference server.
export * as serve from './serve/index.js';

// Models in the TF.js layers format (model.json + weights.bin); `model.save(dir)` writes them.
export { loadLayersModel, modelFromTopology } from './io/index.js';
export type { SaveOptions } from './io/index.js';

export { TensileError, ShapeError, DTypeError, ArgumentError, GradientError, BackendError, IOError, DataError } from './errors.js';
// Elastic training (`fit(x, y, { workers, elastic })`): the options, the job handle and the workers' reports.
export type { ElasticJob, ElasticOptions } from './elastic/options.js';
export type { WorkerReport } from './elastic/worker/reports.js';
