import { mul } from '../../tensor/ops/arithmetic.js';
import { greaterEqual } from '../../tensor/ops/comparison.js';
import { randomUniform } from '../../tensor/ops/creation.js';
import { Random } from '../../tensor/random.js';
import type { Tensor } from '../../tensor/tensor.js';
import { sampleUniform } from '../sampleRandomness.js';
import { FRACTION, checkNumber, checkSeed, rejectUnsupported } from '../checks.js';
import { Layer } from './layer.js';
import type { CallArgs, LayerArgs, LayerConfig } from './layer.js';
import { registerLayer } from './registry.js';

export interface DropoutArgs extends LayerArgs {
  /** The fraction of inputs set to 0 in training, in [0, 1). */
  rate: number;
  /**
   * Makes the masks reproducible: the layer draws them from its own generator seeded with it
   * (a new mask each call, the same sequence each run). Without it, the global generator
   * (`tl.setSeed`) is used. In `fit`, masks are drawn per sample instead (sampleRandomness.ts),
   * from the fit's seed and this one.
   */
  seed?: number | null;
}

/**
 * Inverted dropout: in training, each input is zeroed with probability `rate` and the rest are
 * scaled by 1 / (1 - rate), so the expected output equals the input and inference is the identity.
 */
export class Dropout extends Layer {
  readonly className = 'Dropout';
  protected override readonly passesMask = true;
  readonly rate: number;
  readonly seed: number | null;
  private readonly random: Random | undefined;

  constructor(args: DropoutArgs) {
    super(args);
    rejectUnsupported(this.name, args, ['noiseShape'], 'literal');
    this.rate = checkNumber(this.name, 'rate', args.rate, FRACTION, 'literal');
    this.seed = checkSeed(this.name, args.seed, 'literal');
    this.random = this.seed === null ? undefined : new Random(this.seed);
  }

  call(input: Tensor, { training }: CallArgs): Tensor {
    if (!training || this.rate === 0) return input;
    const uniform = sampleUniform(this.name, input.shape, this.seed) ?? randomUniform(input.shape, 0, 1, 'float32', this.random?.nextUint32());
    const keep = mul(greaterEqual(uniform, this.rate), 1 / (1 - this.rate));
    return mul(input, keep);
  }

  override getConfig(): LayerConfig {
    return { ...super.getConfig(), rate: this.rate, noiseShape: null, seed: this.seed };
  }
}

registerLayer('Dropout', (config) => new Dropout(config as unknown as DropoutArgs));
