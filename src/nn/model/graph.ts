import { ArgumentError, DTypeError, ShapeError, fmtShape } from '../../errors.js';
import type { Tensor } from '../../tensor/tensor.js';
import { InputLayer } from '../layers/input.js';
import type { Layer } from '../layers/layer.js';
import { compatible } from '../layers/layer.js';
import type { LayerNode, SymbolicTensor } from '../symbolicTensor.js';
import { formatSymbolicShape } from '../symbolicTensor.js';

/**
 * The wiring of a functional model: the layer calls between its inputs and outputs, in an order
 * where every call comes after the calls producing its inputs.
 */
export class LayerGraph {
  /** Layer calls in execution order, input layers first. */
  readonly nodes: LayerNode[];
  /** Distinct layers in execution order. */
  readonly layers: Layer[];

  constructor(readonly inputs: readonly SymbolicTensor[], readonly outputs: readonly SymbolicTensor[]) {
    this.nodes = [];
    const seen = new Set<LayerNode>();
    // Iterative post-order walk from the outputs back to the inputs.
    const stack: { node: LayerNode; next: number }[] = outputs.map((o) => ({ node: o.node, next: 0 })).reverse();
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      if (seen.has(top.node)) {
        stack.pop();
        continue;
      }
      if (top.next < top.node.inputs.length) {
        const child = top.node.inputs[top.next++]!.node;
        if (!seen.has(child)) stack.push({ node: child, next: 0 });
      } else {
        seen.add(top.node);
        this.nodes.push(top.node);
        stack.pop();
      }
    }
    const inputNodes = new Set(inputs.map((i) => i.node));
    for (const node of this.nodes) {
      if (node.layer instanceof InputLayer && !inputNodes.has(node)) {
        throw new ArgumentError(`model: the outputs depend on input '${node.layer.name}', which is not among the model's inputs`);
      }
    }
    this.layers = [...new Set(this.nodes.map((n) => n.layer))];
  }

  /**
   * Runs the graph on concrete inputs (one per symbolic input, shapes checked). A mask made by a
   * layer (Masking) goes with its first output to the layers that use it, as in Keras.
   */
  execute(values: readonly Tensor[], training: boolean): Tensor[] {
    if (values.length !== this.inputs.length) {
      throw new ArgumentError(`model: expected ${this.inputs.length} input tensor(s), found ${values.length}`);
    }
    const computed = new Map<LayerNode, Tensor[]>();
    const masks = new Map<LayerNode, Tensor | undefined>();
    this.inputs.forEach((input, i) => {
      const value = values[i]!;
      if (!compatible(input.shape, value.shape as number[])) {
        throw new ShapeError(`model: input '${input.name}' expects shape ${formatSymbolicShape(input.shape)}, found ${fmtShape(value.shape)}`);
      }
      if (value.dtype !== input.dtype) {
        throw new DTypeError(`model: input '${input.name}' expects dtype ${input.dtype}, found ${value.dtype}`);
      }
      computed.set(input.node, [value]);
    });
    const valueOf = (t: SymbolicTensor): Tensor => computed.get(t.node)![t.outputIndex]!;
    for (const node of this.nodes) {
      if (computed.has(node)) continue;
      const inputs = node.inputs.map(valueOf);
      const first = node.inputs[0]!;
      const mask = first.outputIndex === 0 ? masks.get(first.node) : undefined;
      computed.set(node, node.layer.callAll(inputs, { training, mask }));
      masks.set(node, node.layer.computeMask(inputs, mask));
    }
    return this.outputs.map(valueOf);
  }
}
