import { maxPool2d } from '../../tensor/ops/conv.js';
import { Pooling2D } from './pooling2d.js';
import type { Pooling2DArgs } from './pooling2d.js';
import { registerLayer } from './registry.js';

/** The maximum of each window of NHWC images, per channel. */
export class MaxPooling2D extends Pooling2D {
  readonly className = 'MaxPooling2D';
  protected readonly pool = maxPool2d;
}

registerLayer('MaxPooling2D', (config) => new MaxPooling2D(config as Pooling2DArgs));
