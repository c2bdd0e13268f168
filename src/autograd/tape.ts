import { GradientError, ShapeError, fmtShape } from '../errors.js';
import { sameShape } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import type { OpAttrs, OpName } from './opAttrs.js';
import { GRADIENTS } from './gradients.js';
import { add } from '../tensor/ops/arithmetic.js';
import { ones } from '../tensor/ops/creation.js';

/**
 * The tape. An op whose inputs need gradients records one entry on its output tensor: the op's
 * name, its inputs and its attributes. The entries form a graph reachable only from the tensors
 * that hold them, so once a step's loss is dropped (or `backward` has released the graph) the
 * whole step becomes garbage; nobody has to call `dispose`.
 */
export interface TapeEntry<K extends OpName = OpName> {
  readonly op: K;
  readonly inputs: readonly Tensor[];
  readonly attrs: OpAttrs[K];
}

let recording = true;

/** Runs `fn` without recording: for inference, optimizer updates and the backward pass itself. */
export function noGrad<T>(fn: () => T): T {
  const previous = recording;
  recording = false;
  try {
    return fn();
  } finally {
    recording = previous;
  }
}

export function isRecording(): boolean {
  return recording;
}

/** Attaches a tape entry to `output` when recording and some input needs a gradient. */
export function record<K extends OpName>(op: K, inputs: readonly Tensor[], output: Tensor, attrs: OpAttrs[K]): Tensor {
  if (recording && output.dtype === 'float32' && inputs.some((t) => t.requiresGrad)) {
    output.tapeEntry = { op, inputs, attrs } as TapeEntry;
  }
  return output;
}

/** Tensors reachable from `output` through tape entries, inputs before the tensors computed from them. */
function topologicalOrder(output: Tensor): Tensor[] {
  const order: Tensor[] = [];
  const seen = new Set<Tensor>([output]);
  // Iterative depth-first search: long chains (RNN steps) must not overflow the call stack.
  const stack: { tensor: Tensor; next: number }[] = [{ tensor: output, next: 0 }];
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    const inputs = top.tensor.tapeEntry?.inputs ?? [];
    if (top.next < inputs.length) {
      const input = inputs[top.next++]!;
      if (!seen.has(input) && input.requiresGrad) {
        seen.add(input);
        stack.push({ tensor: input, next: 0 });
      }
    } else {
      order.push(top.tensor);
      stack.pop();
    }
  }
  return order;
}

export interface BackwardOptions {
  /** Keep the graph so `backward` can run through it again (default: release it). */
  retainGraph?: boolean;
}

/**
 * Reverse-mode pass from `output` seeded with `dy` (ones for a scalar). Returns the gradient of
 * every leaf that needs one and was reached. Gradients are computed without recording.
 */
export function backpropagate(output: Tensor, dy: Tensor | undefined, options: BackwardOptions = {}): Map<Tensor, Tensor> {
  if (!output.requiresGrad) {
    throw new GradientError(
      'backward: the output does not depend on any tensor that requires a gradient ' +
        '(mark inputs with requiresGrad, or the graph was already released by an earlier backward)',
    );
  }
  if (dy === undefined && output.size !== 1) {
    throw new GradientError(`backward: output has shape ${fmtShape(output.shape)}; pass dy of that shape or reduce the output to a scalar`);
  }
  if (dy !== undefined && !sameShape(dy.shape, output.shape)) {
    throw new ShapeError(`backward: dy has shape ${fmtShape(dy.shape)} but the output has shape ${fmtShape(output.shape)}`);
  }
  const order = topologicalOrder(output);
  const grads = new Map<Tensor, Tensor>();
  const leaves = new Map<Tensor, Tensor>();
  noGrad(() => {
    grads.set(output, dy ?? ones(output.shape));
    for (let i = order.length - 1; i >= 0; i--) {
      const tensor = order[i]!;
      const grad = grads.get(tensor);
      grads.delete(tensor); // let each gradient be collected as soon as it has been passed on
      if (grad === undefined) continue;
      const entry = tensor.tapeEntry;
      if (entry === null) {
        leaves.set(tensor, grad);
        continue;
      }
      const backward = GRADIENTS[entry.op] as GradientOf<OpName>;
      const thunks = backward(grad, entry.inputs, tensor, entry.attrs);
      entry.inputs.forEach((input, k) => {
        const thunk = thunks[k];
        if (!input.requiresGrad || thunk === undefined || thunk === null) return;
        const g = thunk();
        if (!sameShape(g.shape, input.shape)) {
          throw new GradientError(`${entry.op}: internal error: gradient shape ${fmtShape(g.shape)} != input shape ${fmtShape(input.shape)}`);
        }
        const previous = grads.get(input);
        grads.set(input, previous === undefined ? g : add(previous, g));
      });
    }
  });
  if (options.retainGraph !== true) {
    for (const tensor of order) if (tensor.tapeEntry !== null) tensor.tapeEntry = null;
  }
  return leaves;
}

/** A gradient entry: given dy, the op's inputs, its output and attributes, one thunk per input. */
export type GradientOf<K extends OpName> = (
  dy: Tensor,
  inputs: readonly Tensor[],
  output: Tensor,
  attrs: OpAttrs[K],
) => ReadonlyArray<(() => Tensor) | null>;
