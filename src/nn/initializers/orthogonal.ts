import { ArgumentError, fmtShape } from '../../errors.js';
import type { DType } from '../../tensor/dtype.js';
import { randomNormal, tensor } from '../../tensor/ops/creation.js';
import { sizeOf } from '../../tensor/shape.js';
import type { Tensor } from '../../tensor/tensor.js';
import { FINITE, checkNumber, checkSeed } from '../checks.js';
import { Initializer } from './initializer.js';

export interface OrthogonalArgs {
  /** Multiplies the orthogonal matrix (default 1). */
  gain?: number;
  seed?: number | null;
}

/**
 * A random orthogonal matrix (Saxe et al. 2014) for a weight viewed as `[prod(shape[:-1]),
 * shape[-1]]`: orthonormal columns if it is tall, orthonormal rows if it is wide. As in Keras,
 * the Q of a QR decomposition of a normal matrix, with R's diagonal made positive, so Q is
 * uniformly distributed over orthogonal matrices.
 */
export class Orthogonal extends Initializer {
  readonly className = 'Orthogonal';
  readonly gain: number;
  readonly seed: number | null;

  constructor(args: OrthogonalArgs = {}) {
    super();
    this.gain = checkNumber('Orthogonal', 'gain', args.gain ?? 1, FINITE, 'literal');
    this.seed = checkSeed('Orthogonal', args.seed, 'literal');
  }

  apply(shape: number[], dtype: DType): Tensor {
    const float = this.requireFloat(dtype);
    if (shape.length < 2) throw new ArgumentError(`Orthogonal: needs a shape of rank >= 2, found ${fmtShape(shape)}`);
    const rows = sizeOf(shape.slice(0, -1));
    const cols = shape[shape.length - 1]!;
    const tall = Math.max(rows, cols);
    const narrow = Math.min(rows, cols);
    const q = orthonormalColumns(randomNormal([narrow, tall], 0, 1, float, this.seed ?? undefined).values, tall, narrow);
    // q holds `narrow` orthonormal columns of length `tall`, column after column, which
    // read row-major is already the [narrow, tall] matrix a wide weight needs.
    const out = new Float32Array(rows * cols);
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < cols; j++) out[i * cols + j] = this.gain * (rows >= cols ? q[j * tall + i]! : q[i * tall + j]!);
    }
    return tensor(out, shape);
  }

  override getConfig(): Record<string, unknown> {
    return { gain: this.gain, seed: this.seed };
  }
}

/**
 * Modified Gram-Schmidt in float64 on `count` columns of length `length`, stored one after the
 * other. Normalising each column by its positive norm is QR with a positive diagonal of R.
 */
function orthonormalColumns(columns: ArrayLike<number>, length: number, count: number): Float64Array {
  const q = Float64Array.from(columns);
  for (let j = 0; j < count; j++) {
    const qj = q.subarray(j * length, (j + 1) * length);
    for (let k = 0; k < j; k++) {
      const qk = q.subarray(k * length, (k + 1) * length);
      let dot = 0;
      for (let i = 0; i < length; i++) dot += qk[i]! * qj[i]!;
      for (let i = 0; i < length; i++) qj[i]! -= dot * qk[i]!;
    }
    let norm = 0;
    for (let i = 0; i < length; i++) norm += qj[i]! * qj[i]!;
    norm = Math.sqrt(norm);
    for (let i = 0; i < length; i++) qj[i]! /= norm;
  }
  return q;
}
