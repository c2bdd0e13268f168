import { DataError, fmtShape } from '../../errors.js';
import type { LayersModel } from '../../nn/model/layersModel.js';
import { sameShape } from '../../tensor/shape.js';
import type { NamedWeight } from './weights.js';

function list(names: readonly string[]): string {
  return names.length === 0 ? 'none' : names.map((n) => `'${n}'`).join(', ');
}

/**
 * Gives each of the model's variables the saved weight of its name. Every variable needs one of
 * its shape and dtype, and every saved weight must belong to a variable: anything else means the
 * file describes another model. Nothing is set unless everything fits.
 */
export function assignWeights(model: LayersModel, saved: readonly NamedWeight[], file: string): void {
  const byName = new Map(saved.map((w) => [w.name, w.tensor]));
  const values = model.weights.map((v) => {
    const value = byName.get(v.name);
    if (value === undefined) {
      throw new DataError(`${file}: no saved weight for the model's variable '${v.name}'; the manifest lists ${list(saved.map((w) => w.name))}`);
    }
    if (!sameShape(value.shape, v.tensor.shape) || value.dtype !== v.tensor.dtype) {
      throw new DataError(`${file}: weight '${v.name}' is ${value.dtype} ${fmtShape(value.shape)}, but the model's variable is ${v.tensor.dtype} ${fmtShape(v.tensor.shape)}`);
    }
    byName.delete(v.name);
    return value;
  });
  if (byName.size > 0) {
    throw new DataError(`${file}: the manifest has weights no layer of the model has: ${list([...byName.keys()])}; the model's weights are ${list(model.weights.map((v) => v.name))}`);
  }
  model.setWeights(values);
}
