/**
 * The spellings of names in configs: TF.js' camelCase ('kernelSize', 'channelsLast') and Keras'
 * snake_case ('kernel_size', 'channels_last'). The conversions are tfjs-layers' rules (and
 * Python's usual camel-to-snake idiom), so a name converts the way TF.js and Keras convert it.
 */

/** 'kernelSize' -> 'kernel_size', 'Conv2D' -> 'conv2d', 'MaxPooling2D' -> 'max_pooling2d'. */
export function camelToSnake(name: string): string {
  return name.replace(/(.)([A-Z][a-z0-9]+)/g, '$1_$2').replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase();
}

/** 'kernel_size' -> 'kernelSize', 'fan_in' -> 'fanIn' (tfjs-layers' toCamelCase). */
export function snakeToCamel(name: string): string {
  return name.replace(/_+(\w|$)/g, (_, c: string) => c.toUpperCase());
}

/** One spelling for every naming style: 'glorot_uniform', 'glorotUniform' and 'GlorotUniform' match. */
export function canonicalName(name: string): string {
  return name.replace(/_/g, '').toLowerCase();
}
