/**
 * Rebuilds a model from the `modelTopology` of a TF.js (or Keras 2) model.json: layers from
 * their configs, then, for a functional model, each layer call replayed on symbolic tensors in
 * an order where its input already exists. Weights are fresh; load.ts sets the saved ones.
 */
import { DataError } from '../../errors.js';
import { input } from '../../nn/layers/input.js';
import type { Layer, LayerConfig } from '../../nn/layers/layer.js';
import { layerFromConfig, registeredLayers } from '../../nn/layers/registry.js';
import { LayersModel } from '../../nn/model/layersModel.js';
import { Sequential } from '../../nn/model/sequential.js';
import type { SymbolicShape, SymbolicTensor } from '../../nn/symbolicTensor.js';
import { isDType } from '../../tensor/dtype.js';
import { JsonReader } from './jsonReader.js';
import type { JsonObject, JsonValue } from './pythonic.js';
import { fromPythonic } from './pythonic.js';

function makeLayer(read: JsonReader, field: string, entry: unknown): Layer {
  const { className, config } = read.object(field, entry);
  const name = read.string(`${field}.className`, className);
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
}

function readRef(read: JsonReader, field: string, value: unknown): TensorRef {
  const [layer, node, tensor] = read.array(field, value);
  if (tensor !== 0) read.fail(`${field}[2]`, '0 (Tensile layers have one output)', tensor);
  return { layer: read.string(`${field}[0]`, layer), node: read.index(`${field}[1]`, node) };
}

function inputFromConfig(read: JsonReader, field: string, config: JsonObject): SymbolicTensor {
  const { batchInputShape, dtype, name, sparse } = config;
  if (sparse === true) read.fail(`${field}.sparse`, 'false (sparse inputs are not supported)', sparse);
  if (dtype !== undefined && dtype !== null && !isDType(dtype)) read.fail(`${field}.dtype`, "'float32' or 'int32'", dtype);
  const shape = read.array(`${field}.batchInputShape`, batchInputShape) as SymbolicShape;
  return read.within(field, () => input({
    shape: shape.slice(1) as number[],
    ...(shape[0] === null || shape[0] === undefined ? {} : { batchSize: shape[0] }),
    ...(typeof name === 'string' ? { name } : {}),
    ...(isDType(dtype) ? { dtype } : {}),
  }));
}

function functionalFromConfig(read: JsonReader, value: JsonValue): LayersModel {
  const config = read.object('config', value);
  const layers = new Map<string, Layer>();
  /** Outputs of each layer's calls so far, by layer name, in call order. */
  const outputs = new Map<string, SymbolicTensor[]>();
  /** Calls still to make, per layer: the input of each. */
  const pending: { layer: Layer; field: string; inputs: TensorRef[] }[] = [];
  read.array('config.layers', config['layers']).forEach((e, i) => {
    const field = `config.layers[${i}]`;
    const entry = read.object(field, e);
    const name = read.string(`${field}.name`, entry['name']);
    if (layers.has(name)) read.fail(`${field}.name`, 'a name no other layer has', name);
    if (entry['className'] === 'InputLayer') {
      const tensor = inputFromConfig(read, `${field}.config`, read.object(`${field}.config`, entry['config']));
      layers.set(name, tensor.node.layer);
      outputs.set(name, [tensor]);
      return;
    }
    const layer = makeLayer(read, field, entry);
    layers.set(name, layer);
    outputs.set(name, []);
    const calls = read.array(`${field}.inboundNodes`, entry['inboundNodes']);
    const inputs = calls.map((call, k) => {
      const refs = read.array(`${field}.inboundNodes[${k}]`, call);
      if (refs.length !== 1) read.fail(`${field}.inboundNodes[${k}]`, 'one input (Tensile layers take one tensor)', call);
      return readRef(read, `${field}.inboundNodes[${k}][0]`, refs[0]);
    });
    pending.push({ layer, field, inputs });
  });
  const resolve = (ref: TensorRef): SymbolicTensor | undefined => outputs.get(ref.layer)?.[ref.node];
  for (const { field, inputs } of pending) {
    inputs.forEach((ref, k) => {
      if (!layers.has(ref.layer)) read.fail(`${field}.inboundNodes[${k}][0][0]`, 'the name of a layer in the model', ref.layer);
    });
  }
  // Replay calls whose input exists until none is left; a shared layer's calls stay in their order.
  let progress = true;
  while (progress) {
    progress = false;
    for (const call of pending) {
      while (call.inputs.length > 0) {
        const x = resolve(call.inputs[0]!);
        if (x === undefined) break;
        const y = read.within(`${call.field} (${call.layer.className})`, () => call.layer.apply(x));
        outputs.get(call.layer.name)!.push(y);
        call.inputs.shift();
        progress = true;
      }
    }
  }
  const stuck = pending.find((c) => c.inputs.length > 0);
  if (stuck !== undefined) {
    const ref = stuck.inputs[0]!;
    read.fail(`${stuck.field}.inboundNodes`, 'calls on outputs that some other call produces', `call ${ref.node} of '${ref.layer}', which never happens`);
  }
  const ends = (key: 'inputLayers' | 'outputLayers'): SymbolicTensor[] => read.array(`config.${key}`, config[key]).map((r, i) => {
    const ref = readRef(read, `config.${key}[${i}]`, r);
    return resolve(ref) ?? read.fail(`config.${key}[${i}]`, 'an output of a layer call in the model', r);
  });
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
