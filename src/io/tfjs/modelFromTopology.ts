/**
 * Rebuilds a model from the `modelTopology` of a TF.js (or Keras 2) model.json: layers from
 * their configs, then, for a functional model, each layer call replayed on symbolic tensors in
 * an order where its input already exists. Weights are fresh; load.ts sets the saved ones.
 */
import { DataError } from '../../errors.js';
// Every layer class registers itself when its module loads; rebuilding any topology needs them all.
import '../../nn/layers/index.js';
import { input } from '../../nn/layers/input.js';
import type { Layer, LayerConfig } from '../../nn/layers/layer.js';
import { layerFromConfig, registeredLayers } from '../../nn/layers/registry.js';
import { LayersModel } from '../../nn/model/layersModel.js';
import { Sequential } from '../../nn/model/sequential.js';
import type { SymbolicShape, SymbolicTensor } from '../../nn/symbolicTensor.js';
import { isDType } from '../../tensor/dtype.js';
import { JsonReader } from './jsonReader.js';
import type { JsonObject, JsonValue } from './pythonic.js';
import { fromPythonic, toSnakeCase } from './pythonic.js';

function makeLayer(read: JsonReader, field: string, entry: unknown): Layer {
  const { className, config } = read.object(field, entry);
  const name = read.string(`${field}.class_name`, className);
  const layerConfig = read.object(`${field}.config`, config);
  if (!registeredLayers().includes(name)) {
    throw new DataError(`${read.file}: ${field}: unknown layer class '${name}'; known: ${registeredLayers().join(', ')}`);
  }
  return read.within(`${field} (${name})`, () => layerFromConfig(name, layerConfig as LayerConfig));
}

function sequentialFromConfig(read: JsonReader, config: JsonValue): Sequential {
  // Legacy files hold the list of layers itself.
  const { name, layers } = Array.isArray(config) ? { name: undefined, layers: config } : read.object('config', config);
  const entries = read.array('config.layers', layers).map((e, i) => read.object(`config.layers[${i}]`, e));
  // Keras writes an InputLayer first; Tensile's Sequential takes the input shape on its first layer.
  const [first, second] = entries;
  if (first?.['className'] === 'InputLayer' && second !== undefined) {
    const shape = read.object('config.layers[0].config', first['config'])['batchInputShape'];
    const secondConfig = read.object('config.layers[1].config', second['config']);
    entries.splice(0, 2, { ...second, config: { ...(shape === undefined ? {} : { batchInputShape: shape }), ...secondConfig } });
  }
  const built = entries.map((e, i) => makeLayer(read, `config.layers[${i}]`, e));
  const modelName = name === undefined ? undefined : read.string('config.name', name);
  return read.within('Sequential', () => new Sequential({ layers: built, ...(modelName === undefined ? {} : { name: modelName }) }));
}

/** `[layerName, nodeIndex, tensorIndex, ...]`: one output of one call of a layer. */
interface TensorRef {
  layer: string;
  node: number;
  tensor: number;
}

function readRef(read: JsonReader, field: string, value: unknown): TensorRef {
  const [layer, node, tensor] = read.array(field, value);
  return { layer: read.string(`${field}[0]`, layer), node: read.index(`${field}[1]`, node), tensor: read.index(`${field}[2]`, tensor) };
}

function inputFromConfig(read: JsonReader, field: string, config: JsonObject): SymbolicTensor {
  const { batchInputShape, dtype, name, sparse } = config;
  if (sparse === true) read.fail(`${field}.sparse`, 'false (sparse inputs are not supported)', sparse);
  if (dtype !== undefined && dtype !== null && !isDType(dtype)) read.fail(`${field}.dtype`, "'float32' or 'int32'", dtype);
  const shape = read.array(`${field}.batch_input_shape`, batchInputShape) as SymbolicShape;
  return read.within(field, () => input({
    shape: shape.slice(1) as number[],
    ...(shape[0] === null || shape[0] === undefined ? {} : { batchSize: shape[0] }),
    ...(typeof name === 'string' ? { name } : {}),
    ...(isDType(dtype) ? { dtype } : {}),
  }));
}

/** A layer of a functional model and the inputs of its calls that are still to be made. */
interface PendingCalls {
  layer: Layer;
  field: string;
  inputs: TensorRef[][];
}

/** Outputs of each layer's calls so far (all outputs of each call), by layer name, in call order. */
type CallOutputs = Map<string, SymbolicTensor[][]>;

/** Creates the layers (inputs as symbolic tensors) and reads the calls each layer makes. */
function createLayers(read: JsonReader, config: JsonObject): { outputs: CallOutputs; pending: PendingCalls[] } {
  const outputs: CallOutputs = new Map();
  const pending: PendingCalls[] = [];
  read.array('config.layers', config['layers']).forEach((e, i) => {
    const field = `config.layers[${i}]`;
    const entry = read.object(field, e);
    const name = read.string(`${field}.name`, entry['name']);
    if (outputs.has(name)) read.fail(`${field}.name`, 'a name no other layer has', name);
    if (entry['className'] === 'InputLayer') {
      outputs.set(name, [[inputFromConfig(read, `${field}.config`, read.object(`${field}.config`, entry['config']))]]);
      return;
    }
    const layer = makeLayer(read, field, entry);
    outputs.set(name, []);
    const inputs = read.array(`${field}.inbound_nodes`, entry['inboundNodes']).map((call, k) => {
      const refs = read.array(`${field}.inbound_nodes[${k}]`, call);
      if (refs.length === 0) read.fail(`${field}.inbound_nodes[${k}]`, 'at least one input', call);
      return refs.map((ref, i) => readRef(read, `${field}.inbound_nodes[${k}][${i}]`, ref));
    });
    pending.push({ layer, field, inputs });
  });
  for (const { field, inputs } of pending) {
    inputs.forEach((refs, k) => refs.forEach((ref, i) => {
      if (!outputs.has(ref.layer)) read.fail(`${field}.inbound_nodes[${k}][${i}][0]`, 'the name of a layer in the model', ref.layer);
    }));
  }
  return { outputs, pending };
}

/** Applies layers to symbolic tensors, each call once its input exists; a shared layer's calls keep their order. */
function replayCalls(read: JsonReader, pending: PendingCalls[], outputs: CallOutputs): void {
  let progress = true;
  while (progress) {
    progress = false;
    for (const call of pending) {
      while (call.inputs.length > 0) {
        const xs = call.inputs[0]!.map((ref) => resolve(outputs, ref));
        if (xs.some((x) => x === undefined)) break;
        const inputs = xs as SymbolicTensor[];
        const { layer } = call;
        outputs.get(layer.name)!.push(read.within(`${call.field} (${layer.className})`,
          () => (inputs.length === 1 && layer.outputCount === 1 ? [layer.apply(inputs[0]!)] : layer.apply(inputs))));
        call.inputs.shift();
        progress = true;
      }
    }
  }
  const stuck = pending.find((c) => c.inputs.length > 0);
  if (stuck !== undefined) {
    const ref = stuck.inputs[0]!.find((r) => resolve(outputs, r) === undefined)!;
    read.fail(`${stuck.field}.inbound_nodes`, 'calls on outputs that some other call produces', `output ${ref.tensor} of call ${ref.node} of '${ref.layer}', which never happens`);
  }
}

function resolve(outputs: CallOutputs, ref: TensorRef): SymbolicTensor | undefined {
  return outputs.get(ref.layer)?.[ref.node]?.[ref.tensor];
}

function functionalFromConfig(read: JsonReader, value: JsonValue): LayersModel {
  const config = read.object('config', value);
  const { outputs, pending } = createLayers(read, config);
  replayCalls(read, pending, outputs);
  const ends = (key: 'inputLayers' | 'outputLayers'): SymbolicTensor[] => {
    const field = `config.${toSnakeCase(key)}`;
    return read.array(field, config[key]).map((r, i) => resolve(outputs, readRef(read, `${field}[${i}]`, r)) ?? read.fail(`${field}[${i}]`, 'an output of a layer call in the model', r));
  };
  const name = config['name'];
  return read.within('Model', () => new LayersModel({
    inputs: ends('inputLayers'),
    outputs: ends('outputLayers'),
    ...(typeof name === 'string' ? { name } : {}),
  }));
}

/**
 * A model (fresh weights) from a topology: a parsed model.json, its `modelTopology`, or a Keras
 * `model_config`. `file` names the source in errors.
 */
export function modelFromTopology(json: unknown, file = 'model topology'): LayersModel {
  const read = new JsonReader(file);
  let topology = read.object('model topology', json);
  if (topology['modelTopology'] !== undefined) topology = read.object('modelTopology', topology['modelTopology']);
  if (topology['model_config'] !== undefined) topology = read.object('modelTopology.model_config', topology['model_config']);
  const { className, config } = read.object('modelTopology', fromPythonic(topology));
  if (className === 'Sequential') return sequentialFromConfig(read, config ?? null);
  if (className === 'Model' || className === 'Functional') return functionalFromConfig(read, config ?? null);
  return read.fail('modelTopology.class_name', "'Sequential', 'Model' or 'Functional'", className);
}
