import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fromPythonic, toPythonic, toSnakeCase } from '../../src/io/tfjs/pythonic.js';

describe("configs in model.json's snake_case, as tfjs-layers converts them", () => {
  it('snake-cases keys and string values the way tfjs-layers does', () => {
    const cases: [string, string][] = [
      ['kernelSize', 'kernel_size'], ['channelsLast', 'channels_last'], ['batchInputShape', 'batch_input_shape'],
      ['TensorFlow.js', 'tensor_flow.js'], ['relu', 'relu'], ['float32', 'float32'], ['leakyRelu', 'leaky_relu'],
    ];
    for (const [camel, snake] of cases) assert.equal(toSnakeCase(camel), snake, camel);
  });

  it('keeps layer and class names, and the layer names that inbound_nodes, input_layers and output_layers start with', () => {
    const config = {
      className: 'MaxPooling2D',
      config: { name: 'myPool', dataFormat: 'channelsLast', poolSize: [2, 2], seed: undefined },
      inboundNodes: [[['inputLayer', 0, 0, {}]]],
      inputLayers: [['inputLayer', 0, 0]],
    };
    const pythonic = toPythonic(config);
    assert.deepEqual(pythonic, {
      class_name: 'MaxPooling2D',
      config: { name: 'myPool', data_format: 'channels_last', pool_size: [2, 2], seed: null },
      inbound_nodes: [[['inputLayer', 0, 0, {}]]],
      input_layers: [['inputLayer', 0, 0]],
    });
    assert.deepEqual(fromPythonic(pythonic), { ...config, config: { ...config.config, seed: null } });
  });
});
