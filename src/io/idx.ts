/**
 * IDX, the format of the MNIST files: a 4-byte magic (two zero bytes, a type code, the rank), then
 * `rank` big-endian uint32 dimensions, then the values in row-major order, big-endian. Files may be
 * gzip-compressed, as MNIST is distributed; the gzip magic tells them apart (an IDX file starts
 * with two zero bytes, so the two cannot be confused).
 */
import { gunzipSync } from 'node:zlib';
import { DataError, fmtShape } from '../errors.js';
import { sizeOf } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { readBytes } from './files.js';

export type IdxDType = 'uint8' | 'int8' | 'int16' | 'int32' | 'float32' | 'float64';
export type IdxData = Uint8Array | Int8Array | Int16Array | Int32Array | Float32Array | Float64Array;

/** The contents of an IDX file, values in the file's own type. */
export interface IdxArray {
  readonly dtype: IdxDType;
  readonly shape: number[];
  readonly data: IdxData;
}

export interface ImageOptions {
  /** true (default): float32 in [0, 1] (value / 255); false: the raw values 0..255 as int32. */
  scale?: boolean;
  /** false (default): [n, rows, cols, 1], channels last as conv2d takes it; true: [n, rows * cols]. */
  flat?: boolean;
}

interface IdxType {
  dtype: IdxDType;
  bytes: number;
  array: new (length: number) => IdxData;
  /** The DataView getter for one value; DataView reads big-endian by default, as IDX is. */
  get: (this: DataView, byteOffset: number) => number;
}

const TYPES = new Map<number, IdxType>([
  [0x08, { dtype: 'uint8', bytes: 1, array: Uint8Array, get: DataView.prototype.getUint8 }],
  [0x09, { dtype: 'int8', bytes: 1, array: Int8Array, get: DataView.prototype.getInt8 }],
  [0x0b, { dtype: 'int16', bytes: 2, array: Int16Array, get: DataView.prototype.getInt16 }],
  [0x0c, { dtype: 'int32', bytes: 4, array: Int32Array, get: DataView.prototype.getInt32 }],
  [0x0d, { dtype: 'float32', bytes: 4, array: Float32Array, get: DataView.prototype.getFloat32 }],
  [0x0e, { dtype: 'float64', bytes: 8, array: Float64Array, get: DataView.prototype.getFloat64 }],
]);

const INTEGER_DTYPES: readonly IdxDType[] = ['uint8', 'int8', 'int16', 'int32'];

function hex(byte: number): string {
  return `0x${byte.toString(16).padStart(2, '0')}`;
}

function decode(type: IdxType, bytes: Uint8Array, count: number): IdxData {
  const out = new type.array(count);
  // Single bytes have no byte order: one bulk copy (set() reinterprets 0..255 as int8 where needed).
  if (type.bytes === 1) {
    out.set(bytes.subarray(0, count));
    return out;
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, count * type.bytes);
  for (let i = 0; i < count; i++) out[i] = type.get.call(view, i * type.bytes);
  return out;
}

function gunzip(bytes: Uint8Array, source: string): Uint8Array {
  try {
    return gunzipSync(bytes);
  } catch (e) {
    throw new DataError(`readIdx: ${source} starts like a gzip file but does not decompress: ${(e as Error).message}`);
  }
}

/** Parses the bytes of an IDX file (raw or gzip-compressed); `source` names it in errors. */
export function parseIdx(bytes: Uint8Array, source: string): IdxArray {
  const raw = bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzip(bytes, source) : bytes;
  if (raw.length < 4) {
    throw new DataError(`readIdx: ${source} is too short to be an IDX file: expected a 4-byte magic number, found ${raw.length} bytes`);
  }
  if (raw[0] !== 0 || raw[1] !== 0) {
    const found = Array.from(raw.subarray(0, 4), hex).join(' ');
    throw new DataError(`readIdx: ${source} is not an IDX file: expected a magic number starting with 0x00 0x00, found ${found}`);
  }
  const type = TYPES.get(raw[2]!);
  if (type === undefined) {
    const known = [...TYPES].map(([code, t]) => `${hex(code)} (${t.dtype})`).join(', ');
    throw new DataError(`readIdx: ${source} has unknown IDX type code ${hex(raw[2]!)}; expected one of ${known}`);
  }
  const rank = raw[3]!;
  const headerBytes = 4 + 4 * rank;
  if (raw.length < headerBytes) {
    throw new DataError(`readIdx: ${source} is truncated: its magic number declares ${rank} dimensions, a ${headerBytes}-byte header, but the file has ${raw.length} bytes`);
  }
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const shape = Array.from({ length: rank }, (_, i) => view.getUint32(4 + 4 * i));
  const count = sizeOf(shape);
  const expected = headerBytes + count * type.bytes;
  if (raw.length !== expected) {
    const problem = raw.length < expected ? 'truncated' : `followed by ${raw.length - expected} bytes of trailing data`;
    throw new DataError(`readIdx: ${source} is ${problem}: a header and ${fmtShape(shape)} ${type.dtype} values take ${expected} bytes, found ${raw.length}`);
  }
  return { dtype: type.dtype, shape, data: decode(type, raw.subarray(headerBytes), count) };
}

/** Reads an IDX file, raw or gzip-compressed, keeping the file's own value type. */
export function readIdx(path: string): IdxArray {
  return parseIdx(readBytes('readIdx', path), path);
}

function toUnitInterval(bytes: IdxData): Float32Array {
  const out = new Float32Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) out[i] = bytes[i]! / 255;
  return out;
}

/** Images ([n, rows, cols] uint8) as a tensor; see ImageOptions for the dtype and shape. */
export function idxImagesToTensor(op: string, idx: IdxArray, source: string, options: ImageOptions = {}): Tensor {
  if (idx.dtype !== 'uint8' || idx.shape.length !== 3) {
    throw new DataError(`${op}: ${source} does not hold images: expected uint8 values of shape [n, rows, cols], found ${idx.dtype} ${fmtShape(idx.shape)}`);
  }
  const [n, rows, cols] = idx.shape as [number, number, number];
  const values = options.scale ?? true ? toUnitInterval(idx.data) : new Int32Array(idx.data);
  return new Tensor(values, options.flat ? [n, rows * cols] : [n, rows, cols, 1]);
}

/** Labels (rank 1, integers) as an int32 tensor. */
export function idxLabelsToTensor(op: string, idx: IdxArray, source: string): Tensor {
  if (!INTEGER_DTYPES.includes(idx.dtype) || idx.shape.length !== 1) {
    throw new DataError(`${op}: ${source} does not hold labels: expected integers of shape [n], found ${idx.dtype} ${fmtShape(idx.shape)}`);
  }
  return new Tensor(new Int32Array(idx.data), idx.shape);
}

/** Reads an IDX file of images; by default float32 in [0, 1] of shape [n, rows, cols, 1]. */
export function readIdxImages(path: string, options: ImageOptions = {}): Tensor {
  return idxImagesToTensor('readIdxImages', readIdx(path), path, options);
}

/** Reads an IDX file of labels as an int32 tensor of shape [n]. */
export function readIdxLabels(path: string): Tensor {
  return idxLabelsToTensor('readIdxLabels', readIdx(path), path);
}
