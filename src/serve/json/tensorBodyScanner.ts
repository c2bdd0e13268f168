import type { DType, TypedArray } from '../../tensor/dtype.js';
import type { HostTensor } from '../tensors/hostTensor.js';
import { Byte, JsonCursor, UNRECOGNISED } from './jsonCursor.js';
import { JsonNumberReader, READER_PADDING } from './jsonNumber.js';
import { nativeNestReader } from './nativeNumberNest.js';
import type { NestReader } from './numberNest.js';
import { jsNestReader } from './numberNest.js';

/**
 * The fast path for inference bodies: reads a JSON body from its bytes as JSON.parse would,
 * except that the arrays under the tensor keys it is given (TF Serving `instances` / `inputs`,
 * KServe `data`) come out as ScannedTensors: their numbers go straight from the bytes into a
 * Float32Array or Int32Array, without a JS array in between.
 *
 * It takes only what it can read exactly and check as strictly as the general path (JSON.parse,
 * then fromNestedArray): a tensor must be a non-empty rectangular nest of numbers (int32: whole
 * numbers within 32 bits) at most 8 deep, strings plain ASCII without escapes, keys unique.
 * Anything else, valid or not, is left to the general path (the scan answers undefined), which
 * then says what is wrong: the fast path has no error messages of its own.
 */
export class ScannedTensor implements HostTensor {
  constructor(readonly dtype: DType, readonly shape: readonly number[], readonly data: TypedArray) {}
}

/** Nesting of the envelope around the tensors; deeper is left to the general path. */
const MAX_DEPTH = 32;
const ascii = new TextDecoder('latin1');

/** The bytes a JSON number is written with. */
const isNumberByte = (c: number): boolean => (c >= 0x30 && c <= 0x39) || c === Byte.Minus || c === 0x2b || c === 0x2e || c === 0x65 || c === 0x45;

/** The native reader where the addon loads, else the JS one (the same results, tested against each other). */
let defaultNestReader: NestReader | undefined;

/**
 * `bytes` read as JSON with the arrays under `tensorKeys` as ScannedTensors of `dtype`, or
 * undefined when the body is not one the fast path takes (see above).
 */
export function scanTensorBody(body: Uint8Array, tensorKeys: ReadonlySet<string>, dtype: DType, readNest?: NestReader): unknown {
  try {
    return new TensorBodyScanner(body, tensorKeys, dtype, readNest ?? (defaultNestReader ??= nativeNestReader() ?? jsNestReader)).body();
  } catch (err) {
    if (err === UNRECOGNISED) return undefined;
    throw err;
  }
}

class TensorBodyScanner extends JsonCursor {
  constructor(bytes: Uint8Array, private readonly tensorKeys: ReadonlySet<string>, private readonly dtype: DType, private readonly readNest: NestReader) {
    super(bytes, 0);
  }

  body(): unknown {
    this.space();
    if (this.bytes[this.pos] !== Byte.OpenBrace) throw UNRECOGNISED;
    const value = this.object(0);
    this.space();
    if (this.pos !== this.bytes.length) throw UNRECOGNISED;
    return value;
  }

  private value(depth: number): unknown {
    if (depth > MAX_DEPTH) throw UNRECOGNISED;
    this.space();
    switch (this.bytes[this.pos]) {
      case Byte.OpenBrace:
        return this.object(depth + 1);
      case Byte.Open:
        return this.array(depth + 1);
      case Byte.Quote:
        return this.string();
      case 0x74:
        return this.literal('true', true);
      case 0x66:
        return this.literal('false', false);
      case 0x6e:
        return this.literal('null', null);
      default:
        return this.number();
    }
  }

  private object(depth: number): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    this.pos++;
    this.space();
    if (this.bytes[this.pos] === Byte.CloseBrace) {
      this.pos++;
      return out;
    }
    do {
      this.space();
      if (this.bytes[this.pos] !== Byte.Quote) throw UNRECOGNISED;
      const key = this.string();
      // JSON.parse makes "__proto__" an own key; an assignment would not.
      if (key === '__proto__' || Object.hasOwn(out, key)) throw UNRECOGNISED;
      this.space();
      if (this.bytes[this.pos++] !== Byte.Colon) throw UNRECOGNISED;
      if (this.tensorKeys.has(key)) {
        this.space();
        out[key] = this.tensor();
      } else {
        out[key] = this.value(depth);
      }
    } while (this.next(Byte.CloseBrace));
    return out;
  }

  private array(depth: number): unknown[] {
    const out: unknown[] = [];
    this.pos++;
    this.space();
    if (this.bytes[this.pos] === Byte.Close) {
      this.pos++;
      return out;
    }
    do out.push(this.value(depth));
    while (this.next(Byte.Close));
    return out;
  }

  /** A string of printable ASCII without escapes (anything else is left to JSON.parse). */
  private string(): string {
    const bytes = this.bytes;
    const start = ++this.pos;
    let c = bytes[this.pos];
    while (c !== Byte.Quote) {
      if (c === undefined || c < Byte.Space || c > 0x7e || c === Byte.Backslash) throw UNRECOGNISED;
      c = bytes[++this.pos];
    }
    return ascii.decode(bytes.subarray(start, this.pos++));
  }

  private literal<T>(word: string, value: T): T {
    for (let k = 0; k < word.length; k++) {
      if (this.bytes[this.pos + k] !== word.charCodeAt(k)) throw UNRECOGNISED;
    }
    this.pos += word.length;
    return value;
  }

  /**
   * A number of the envelope (a KServe shape's, say): its bytes are copied with zeros after them
   * for the number reader, which needs no bounds checks then (the body has no room after it).
   */
  private number(): number {
    const bytes = this.bytes;
    let end = this.pos;
    while (end < this.bytes.length && isNumberByte(bytes[end]!)) end++;
    const padded = new Uint8Array(end - this.pos + READER_PADDING);
    padded.set(bytes.subarray(this.pos, end));
    const reader = new JsonNumberReader(padded);
    const v = reader.read(false);
    if (Number.isNaN(v) || reader.pos !== end - this.pos) throw UNRECOGNISED;
    this.pos = end;
    return v;
  }

  /** The tensor under a tensor key, its nest read by the nest reader. */
  private tensor(): ScannedTensor {
    if (this.bytes[this.pos] !== Byte.Open) throw UNRECOGNISED;
    const nest = this.readNest(this.bytes, this.pos, this.bytes.length, this.dtype);
    if (nest === undefined) throw UNRECOGNISED;
    this.pos = nest.end;
    return new ScannedTensor(this.dtype, nest.shape, nest.data);
  }
}
