import { DataError } from '../../errors.js';
import { ELEMENT_BYTES } from '../tensors/datatypes.js';

/**
 * The binary tensor data extension of the v2 protocol, as Triton implements it: the body is a
 * JSON header of `Inference-Header-Content-Length` bytes followed by the raw little-endian bytes
 * of each tensor whose `parameters.binary_data_size` is set, in the order the header lists them.
 */
export const HEADER_LENGTH = 'inference-header-content-length';

/** Splits a binary-extension body into its JSON header (parsed) and the bytes after it. */
export function splitBinaryBody(body: Buffer, headerLength: string): { header: unknown; tail: Buffer } {
  const n = Number(headerLength);
  if (!/^[0-9]+$/.test(headerLength) || n > body.length) {
    throw new DataError(`${HEADER_LENGTH}: expected a byte count of at most the body's ${body.length} bytes, found '${headerLength}'`);
  }
  let header: unknown;
  try {
    header = JSON.parse(body.subarray(0, n).toString('utf8'));
  } catch (err) {
    throw new DataError(`the first ${n} bytes (${HEADER_LENGTH}) are not a JSON inference header: ${(err as Error).message}`);
  }
  return { header, tail: body.subarray(n) };
}

/** Reads tensor bytes off a binary tail in order, each exactly as long as its header says. */
export class BinaryReader {
  private at = 0;

  constructor(private readonly tail: Buffer) {}

  /** The next `size` bytes, as an aligned typed array of `elements` values. */
  take<T extends Float32Array | Int32Array>(where: string, size: number, elements: number, make: (n: number) => T): T {
    if (size !== elements * ELEMENT_BYTES) {
      throw new DataError(`${where}: binary_data_size is ${size} bytes, but the shape's ${elements} elements of ${ELEMENT_BYTES} bytes need ${elements * ELEMENT_BYTES}`);
    }
    if (this.at + size > this.tail.length) {
      throw new DataError(`${where}: expected ${size} bytes of tensor data, only ${this.tail.length - this.at} are left in the body`);
    }
    const out = make(elements);
    new Uint8Array(out.buffer).set(this.tail.subarray(this.at, this.at + size));
    this.at += size;
    return out;
  }

  /** Every byte must belong to a tensor: leftover bytes mean the header and the data disagree. */
  finish(): void {
    if (this.at !== this.tail.length) {
      throw new DataError(`the body has ${this.tail.length - this.at} bytes after the tensors its header describes`);
    }
  }
}

/** A JSON header followed by tensor bytes: a binary-extension body and its header length. */
export function joinBinaryBody(header: unknown, tensors: readonly Uint8Array[]): { body: Buffer; headerLength: number } {
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  return { body: Buffer.concat([json, ...tensors]), headerLength: json.length };
}
