import { InputLayer } from '../layers/input.js';
import { formatSymbolicShape } from '../symbolicTensor.js';
import type { LayerGraph } from './graph.js';

/** Keras-style summary table: one row per layer call with output shape and parameter count. */
export function summarize(name: string, graph: LayerGraph): string {
  const rows = graph.nodes
    .filter((node) => !(node.layer instanceof InputLayer) || graph.inputs.length > 1)
    .map((node) => {
      const layer = node.layer;
      const shape = layer.computeOutputShape(node.inputs[0]?.shape ?? layer.batchInputShape ?? []);
      return [`${layer.name} (${layer.className})`, formatSymbolicShape(shape), String(layer.countParams())];
    });
  const header = ['Layer (type)', 'Output shape', 'Param #'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)) + 2);
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('').trimEnd();
  const rule = '_'.repeat(widths.reduce((a, b) => a + b, 0));
  const total = graph.layers.reduce((n, l) => n + l.countParams(), 0);
  const trainable = graph.layers.reduce((n, l) => n + l.trainableWeights.reduce((m, v) => m + v.tensor.size, 0), 0);
  return [
    `Model: "${name}"`, rule, line(header), '='.repeat(rule.length),
    ...rows.map(line), '='.repeat(rule.length),
    `Total params: ${total}`, `Trainable params: ${trainable}`, `Non-trainable params: ${total - trainable}`, rule,
  ].join('\n');
}
