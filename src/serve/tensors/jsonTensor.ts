import type { HostTensor } from './hostTensor.js';

/**
 * A request's input as the JSON bytes of its nest of numbers, not read yet: the HTTP front only
 * located it (json/tensorBodyScanner.ts skimTensorBody) and the replica reads it
 * (json/readJsonTensor.ts), so the number reading is spread over the replicas.
 */
export interface JsonTensor {
  readonly json: Uint8Array;
  /** Rows (samples) as the front counted them; the replica refuses the tensor if it has another count. */
  readonly rows: number;
  /** The shape the request declared (KServe), which the numbers must fill; undefined: the nest's own (TF Serving). */
  readonly shape: readonly number[] | undefined;
}

/** Several requests' JsonTensors sent to a replica as one batch: their bytes end to end. */
export interface JsonBatch {
  readonly json: Uint8Array;
  /** Where each request's bytes end in `json`. */
  readonly ends: readonly number[];
  readonly rows: readonly number[];
  readonly shapes: readonly (readonly number[] | undefined)[];
}

/** What a replica is given to run: one tensor, or JSON tensors it reads first. */
export type Batch = HostTensor | JsonBatch;

/** What a replica answers for a batch: the output rows of the requests it did not refuse, in order. */
export interface BatchResult {
  /** Undefined when every request was refused. */
  readonly output: HostTensor | undefined;
  /** Indices of the requests whose JSON was not a tensor the model takes; their callers read them the usual way. */
  readonly refused: readonly number[];
}

export const isJsonTensor = (input: HostTensor | JsonTensor): input is JsonTensor => 'json' in input;
export const isJsonBatch = (batch: Batch): batch is JsonBatch => 'json' in batch;

/** The requests' JsonTensors as one batch. */
export function joinJsonTensors(tensors: readonly JsonTensor[]): JsonBatch {
  let length = 0;
  const ends = tensors.map((t) => (length += t.json.length));
  const json = new Uint8Array(length);
  let at = 0;
  for (const t of tensors) {
    json.set(t.json, at);
    at += t.json.length;
  }
  return { json, ends, rows: tensors.map((t) => t.rows), shapes: tensors.map((t) => t.shape) };
}
