import { avgPool2d } from '../../tensor/ops/conv.js';
import { Pooling2D } from './pooling2d.js';
import type { Pooling2DArgs } from './pooling2d.js';
import { registerLayer } from './registry.js';

/** The mean of each window of NHWC images, per channel; with 'same' padding, padded cells are not counted (as in TF). */
export class AveragePooling2D extends Pooling2D {
  readonly className = 'AveragePooling2D';
  protected readonly pool = avgPool2d;
}

registerLayer('AveragePooling2D', (config) => new AveragePooling2D(config as Pooling2DArgs));
