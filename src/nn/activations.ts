import type { Activation as FusedActivation } from '../backend/backend.js';
import { ArgumentError, describe } from '../errors.js';
import { elu, gelu, hardSigmoid, leakyRelu, relu, sigmoid, softmax, tanh } from '../tensor/ops/activation.js';
import type { Tensor } from '../tensor/tensor.js';
import { canonicalName } from './caseConversion.js';

/**
 * Activations as layers name them (`activation: 'relu'`). The canonical names are TF.js'
 * (camelCase, what TF.js layer configs hold); Keras' snake_case spellings are read too.
 * leakyRelu uses alpha 0.2, the default of TF.js' leakyRelu op and of Keras 3's `leaky_relu`
 * activation (0.3 is the default of Keras' LeakyReLU *layer*, which takes alpha as an argument).
 */
export const ACTIVATION_NAMES = ['linear', 'relu', 'sigmoid', 'tanh', 'softmax', 'leakyRelu', 'elu', 'gelu', 'hardSigmoid'] as const;
export type ActivationName = (typeof ACTIVATION_NAMES)[number];

export interface ActivationFunction {
  readonly name: ActivationName;
  apply(x: Tensor): Tensor;
  /** Set when a matmul kernel can apply it in the same pass (dense uses fusedMatMul then). */
  readonly fused?: FusedActivation;
}

const FUNCTIONS: Record<ActivationName, Omit<ActivationFunction, 'name'>> = {
  linear: { apply: (x) => x, fused: 'linear' },
  relu: { apply: relu, fused: 'relu' },
  sigmoid: { apply: sigmoid, fused: 'sigmoid' },
  tanh: { apply: tanh, fused: 'tanh' },
  /** Over the last axis, as in Keras. */
  softmax: { apply: (x) => softmax(x, -1) },
  leakyRelu: { apply: (x) => leakyRelu(x) },
  elu: { apply: (x) => elu(x) },
  gelu: { apply: gelu },
  /** TF.js' (and Keras 2's) clip(0.2 x + 0.5, 0, 1), not Keras 3's relu6(x + 3) / 6. */
  hardSigmoid: { apply: hardSigmoid },
};

const BY_KEY = new Map(ACTIVATION_NAMES.map((name) => [canonicalName(name), name]));

/** The activation called `name` ('relu', 'leakyRelu', 'leaky_relu', ...). */
export function activationFromName(name: string): ActivationFunction {
  const canonical = typeof name === 'string' ? BY_KEY.get(canonicalName(name)) : undefined;
  if (canonical === undefined) {
    throw new ArgumentError(`activationFromName: unknown activation ${describe(name, 'literal')}; known: ${ACTIVATION_NAMES.join(', ')}`);
  }
  return { name: canonical, ...FUNCTIONS[canonical] };
}
