import { DataError, DTypeError, ShapeError, fmtShape } from '../errors.js';
import { sub, div } from '../tensor/ops/arithmetic.js';
import { Tensor } from '../tensor/tensor.js';

function checkMatrix(op: string, x: unknown, features?: number): Tensor {
  if (!(x instanceof Tensor) || x.rank !== 2 || (features !== undefined && x.shape[1] !== features)) {
    const found = x instanceof Tensor ? fmtShape(x.shape) : 'not a Tensor';
    throw new ShapeError(`${op}: expected a [rows, ${features ?? 'features'}] tensor, found ${found}`);
  }
  if (x.dtype !== 'float32') throw new DTypeError(`${op}: expected float32 features, found ${x.dtype}`);
  return x;
}

/** Per-column mean and standard deviation of a training split, to apply to every split. */
export class Standardizer {
  /** Internal: use `fitStandardizer`. */
  constructor(readonly mean: Tensor, readonly std: Tensor) {}

  /** (x - mean) / std, column by column. */
  apply(x: Tensor): Tensor {
    return div(sub(checkMatrix('Standardizer.apply', x, this.mean.size), this.mean), this.std);
  }
}

/**
 * Fits per-column mean and (population) standard deviation of `x` [rows, features], computed in
 * float64. A constant column gets std 1, so it is centred but not scaled, instead of becoming
 * NaN or huge through a division by zero or by rounding noise.
 */
export function fitStandardizer(x: Tensor): Standardizer {
  const [rows, cols] = checkMatrix('fitStandardizer', x).shape as [number, number];
  if (rows === 0) throw new ShapeError(`fitStandardizer: expected at least one row, found ${fmtShape(x.shape)}`);
  const mean = new Float32Array(cols);
  const std = new Float32Array(cols);
  const v = x.values;
  for (let c = 0; c < cols; c++) {
    let sum = 0;
    let min = Infinity;
    let max = -Infinity;
    for (let r = 0; r < rows; r++) {
      const value = v[r * cols + c]!;
      if (!Number.isFinite(value)) throw new DataError(`fitStandardizer: expected finite numbers, found ${value} at row ${r}, column ${c}`);
      sum += value;
      min = Math.min(min, value);
      max = Math.max(max, value);
    }
    const m = sum / rows;
    let squares = 0;
    for (let r = 0; r < rows; r++) squares += (v[r * cols + c]! - m) ** 2;
    mean[c] = m;
    std[c] = min === max ? 1 : Math.sqrt(squares / rows);
  }
  return new Standardizer(new Tensor(mean, [cols]), new Tensor(std, [cols]));
}
