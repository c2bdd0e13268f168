import { concatRows, sameSampleShape } from '../tensors/hostTensor.js';
import type { HostTensor } from '../tensors/hostTensor.js';
import type { BatchResult, JsonBatch } from '../tensors/jsonTensor.js';
import type { TensorSpec } from '../tensors/signature.js';
import { conformInput } from '../tensors/signature.js';
import { scanTensor } from './tensorBodyScanner.js';

const shapeSize = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

/**
 * One request's JSON numbers read as the input `spec` takes them, exactly as the front's own fast
 * path would (the same scanner and checks), or undefined for anything else: the front then reads
 * that request itself, and its error message, if any, is the front's.
 */
function readOne(json: Uint8Array, rows: number, declared: readonly number[] | undefined, spec: TensorSpec): HostTensor | undefined {
  const scanned = scanTensor(json, spec.dtype);
  if (scanned === undefined) return undefined;
  if (declared !== undefined && scanned.data.length !== shapeSize(declared)) return undefined;
  try {
    const input = conformInput('', spec, declared === undefined ? scanned : { dtype: scanned.dtype, shape: declared, data: scanned.data });
    return input.shape[0] === rows ? input : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A JSON batch read in a replica: the requests it can read, as one tensor of their rows in order
 * (those whose samples have another shape than the first's are refused too), and the refused ones.
 */
export function readJsonBatch(batch: JsonBatch, spec: TensorSpec): { input: HostTensor | undefined; refused: BatchResult['refused'] } {
  const read: HostTensor[] = [];
  const refused: number[] = [];
  let start = 0;
  batch.ends.forEach((end, i) => {
    const input = readOne(batch.json.subarray(start, end), batch.rows[i]!, batch.shapes[i], spec);
    if (input !== undefined && (read.length === 0 || sameSampleShape(read[0]!.shape, input.shape))) read.push(input);
    else refused.push(i);
    start = end;
  });
  return { input: read.length === 0 ? undefined : concatRows(read), refused };
}
