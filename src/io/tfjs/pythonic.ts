/**
 * TF.js keeps configs in camelCase ('kernelSize', 'channelsLast') and writes them to model.json
 * in Keras' snake_case ('kernel_size', 'channels_last'): keys and string values alike, except
 * the names of layers and classes. These are tfjs-layers' `convertTsToPythonic` and
 * `convertPythonicToTs`, rule for rule, so files match what TF.js writes and reads.
 */

import { camelToSnake, snakeToCamel } from '../../nn/caseConversion.js';

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/**
 * 'kernelSize' -> 'kernel_size', 'channelsLast' -> 'channels_last' (tfjs-layers' toSnakeCase,
 * which also renames what would start with '_', Python's mark of a private name).
 */
export function toSnakeCase(name: string): string {
  const snake = camelToSnake(name);
  return snake.startsWith('_') ? `private${snake}` : snake;
}

// In inbound_nodes, input_layers and output_layers, the first item of each entry is a layer name.
const NAME_LISTS = new Set(['inboundNodes', 'inputLayers', 'outputLayers']);

function isLayerName(key: string | undefined, index: number, item: unknown): boolean {
  return key !== undefined && NAME_LISTS.has(key) && index === 0 && typeof item === 'string';
}

/** A camelCase config as model.json holds it (undefined becomes null, as JSON has no undefined). */
export function toPythonic(value: unknown, key?: string): JsonValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return toSnakeCase(value);
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  if (Array.isArray(value)) return value.map((item, i) => (isLayerName(key, i, item) ? (item as string) : toPythonic(item, key)));
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    out[toSnakeCase(k)] = (k === 'name' || k === 'className') && typeof v === 'string' ? v : toPythonic(v, k);
  }
  return out;
}

/** A model.json config in the camelCase that Tensile's (and TF.js') constructors take. */
export function fromPythonic(value: JsonValue, key?: string): JsonValue {
  if (value === null || typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value === 'string') return snakeToCamel(value);
  if (Array.isArray(value)) return value.map((item, i) => (isLayerName(key, i, item) ? item : fromPythonic(item, key)));
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(value)) {
    if (k === 'name' && typeof v === 'string') {
      out[k] = v;
    } else {
      const camel = snakeToCamel(k);
      out[camel] = fromPythonic(v, camel);
    }
  }
  return out;
}
