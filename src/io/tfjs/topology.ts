/**
 * A model's topology as tfjs-layers 4.22 writes it into model.json (`modelTopology`): Sequential
 * as its list of layers, a functional model as layers with the calls (`inbound_nodes`) that wire
 * them, each layer's config in snake_case.
 */
import type { Layer, LayerConfig } from '../../nn/layers/layer.js';
import { LayerGraph } from '../../nn/model/graph.js';
import type { LayersModel } from '../../nn/model/layersModel.js';
import { Sequential } from '../../nn/model/sequential.js';
import type { LayerNode, SymbolicTensor } from '../../nn/symbolicTensor.js';
import type { JsonObject } from './pythonic.js';
import { toPythonic } from './pythonic.js';

/**
 * Written as tfjs-layers 4.22 writes them: they name the schema of the config that readers
 * expect ('TensorFlow.js' comes out as 'tensor_flow.js' there too), not the program that wrote
 * the file, which is model.json's `generatedBy`.
 */
const SCHEMA = { kerasVersion: 'tfjs-layers 4.22.0', backend: 'TensorFlow.js' };

function layerEntry(layer: Layer): { className: string; config: LayerConfig } {
  return { className: layer.className, config: layer.getConfig() };
}

/** Sequential: the layers in order; the first carries the input shape, as TF.js requires to rebuild it. */
function sequentialConfig(model: Sequential): LayerConfig {
  const layers = model.layers.map(layerEntry);
  const first = model.layers[0];
  if (first !== undefined && first.batchInputShape === undefined && first.built) {
    layers[0]!.config = { ...layers[0]!.config, batchInputShape: model.inputs[0]!.shape };
  }
  return { name: model.name, layers };
}

/**
 * A functional model. Nodes are numbered per layer among the calls that belong to this model
 * (a shared layer may also have calls in other models), as Keras numbers them.
 */
function functionalConfig(model: LayersModel): LayerConfig {
  const graph = new LayerGraph(model.inputs, model.outputs);
  const inModel = new Set(graph.nodes);
  const calls = (layer: Layer): LayerNode[] => layer.inboundNodes.filter((n) => inModel.has(n));
  const ref = (t: SymbolicTensor): [string, number, number] => [t.node.layer.name, calls(t.node.layer).indexOf(t.node), t.outputIndex];
  return {
    name: model.name,
    layers: graph.layers.map((layer) => ({
      name: layer.name,
      ...layerEntry(layer),
      inboundNodes: calls(layer).filter((n) => n.inputs.length > 0).map((n) => n.inputs.map((t) => [...ref(t), {}])),
    })),
    inputLayers: graph.inputs.map(ref),
    outputLayers: graph.outputs.map(ref),
  };
}

export function modelTopology(model: LayersModel): JsonObject {
  const sequential = model instanceof Sequential;
  const config = sequential ? sequentialConfig(model) : functionalConfig(model);
  return toPythonic({ className: sequential ? 'Sequential' : 'Model', config, ...SCHEMA }) as JsonObject;
}
