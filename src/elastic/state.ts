/**
 * A worker's training state as bytes, for a newcomer to take over from a live peer: every model
 * weight, the optimizer's state and the number of steps applied. Layout: a little-endian uint32
 * header length, the header (JSON: step and the weight manifest, as model.json's), then the
 * weights as TF.js stores them.
 */
import { DataError } from '../errors.js';
import type { NamedWeight, WeightSpec } from '../io/tfjs/weights.js';
import { decodeWeights, encodeWeights } from '../io/tfjs/weights.js';
import type { LayersModel } from '../nn/model/layersModel.js';
import type { Optimizer } from '../nn/optimizers/optimizer.js';

interface Header {
  step: number;
  specs: WeightSpec[];
}

export function encodeState(model: LayersModel, optimizer: Optimizer, step: number): Uint8Array {
  const weights: NamedWeight[] = [
    ...model.weights.map((v) => ({ name: v.name, tensor: v.tensor })),
    ...optimizer.getWeights().map((w) => ({ ...w, group: 'optimizer' as const })),
  ];
  const { specs, data } = encodeWeights(weights);
  const header = new TextEncoder().encode(JSON.stringify({ step, specs } satisfies Header));
  const out = new Uint8Array(4 + header.length + data.length);
  new DataView(out.buffer).setUint32(0, header.length, true);
  out.set(header, 4);
  out.set(data, 4 + header.length);
  return out;
}

/** Sets the model's weights and the optimizer's state from `bytes`; returns the step they belong to. */
export function restoreState(bytes: Uint8Array, model: LayersModel, optimizer: Optimizer): number {
  const source = 'training state';
  if (bytes.length < 4) throw new DataError(`${source}: ${bytes.length} bytes is too short`);
  const headerLength = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(0, true);
  if (4 + headerLength > bytes.length) throw new DataError(`${source}: the header says ${headerLength} bytes, only ${bytes.length - 4} follow`);
  const { step, specs } = JSON.parse(new TextDecoder().decode(bytes.subarray(4, 4 + headerLength))) as Header;
  applyWeights(decodeWeights(specs, bytes.subarray(4 + headerLength), source), model, optimizer, source);
  return step;
}

/**
 * Sets the model's weights and the optimizer's state (the weights of group 'optimizer'). Model
 * weights go by position, not name: a model rebuilt in another process, or built again in this
 * one, has the same layers in the same order but may have other generated names.
 */
export function applyWeights(weights: readonly NamedWeight[], model: LayersModel, optimizer: Optimizer, source: string): void {
  try {
    model.setWeights(weights.filter((w) => w.group === undefined).map((w) => w.tensor));
  } catch (err) {
    throw new DataError(`${source}: does not fit the model: ${(err as Error).message}`, { cause: err });
  }
  optimizer.setWeights(weights.filter((w) => w.group === 'optimizer'));
}
