import { ArgumentError } from '../../errors.js';
import type { Layer, LayerConfig } from './layer.js';

/**
 * Layer classes by Keras class name, so saved models (TF.js `model.json`) can be rebuilt.
 * Each layer file registers itself when imported; src/nn/layers/index.ts imports them all.
 */
const factories = new Map<string, (config: LayerConfig) => Layer>();

export function registerLayer(className: string, factory: (config: LayerConfig) => Layer): void {
  factories.set(className, factory);
}

export function registeredLayers(): string[] {
  return [...factories.keys()].sort();
}

export function layerFromConfig(className: string, config: LayerConfig): Layer {
  const factory = factories.get(className);
  if (factory === undefined) {
    throw new ArgumentError(`layerFromConfig: unknown layer class '${className}'; known: ${registeredLayers().join(', ')}`);
  }
  return factory(config);
}
