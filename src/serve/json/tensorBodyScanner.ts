import type { DType, TypedArray } from '../../tensor/dtype.js';
import { allocate } from '../../tensor/dtype.js';
import type { HostTensor } from '../tensors/hostTensor.js';
import { JsonNumberReader, READER_PADDING } from './jsonNumber.js';

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

/** As fromNestedArray: deeper nesting than any served model takes. */
const MAX_RANK = 8;
/** Nesting of the envelope around the tensors; deeper is left to the general path. */
const MAX_DEPTH = 32;
const INITIAL_CAPACITY = 1024;
const ascii = new TextDecoder('latin1');

const enum Byte {
  Tab = 0x09, Newline = 0x0a, Return = 0x0d, Space = 0x20, Quote = 0x22, Comma = 0x2c, Minus = 0x2d,
  Colon = 0x3a, Open = 0x5b, Backslash = 0x5c, Close = 0x5d, OpenBrace = 0x7b, CloseBrace = 0x7d,
}

/** Thrown inside the scan for anything it does not take; never leaves this file. */
class Unrecognised extends Error {}
const UNRECOGNISED = new Unrecognised();

/**
 * `bytes` read as JSON with the arrays under `tensorKeys` as ScannedTensors of `dtype`, or
 * undefined when the body is not one the fast path takes (see above).
 */
export function scanTensorBody(body: Uint8Array, tensorKeys: ReadonlySet<string>, dtype: DType): unknown {
  // A copy with zeros after the last byte, which no JSON token takes: the scan needs no bounds checks.
  const bytes = new Uint8Array(body.length + READER_PADDING);
  bytes.set(body);
  try {
    return new TensorBodyScanner(bytes, body.length, tensorKeys, dtype).body();
  } catch (err) {
    if (err === UNRECOGNISED) return undefined;
    throw err;
  }
}

class TensorBodyScanner {
  pos = 0;
  private readonly numbers: JsonNumberReader;
  // The tensor being read: its values so far, and its shape as its first elements give it.
  private data: TypedArray;
  private count = 0;
  /** Length by depth, -1 until the first array at that depth has been read. */
  private readonly shape: number[] = new Array<number>(MAX_RANK).fill(-1);
  private rank = 0;

  constructor(private readonly bytes: Uint8Array, private readonly end: number, private readonly tensorKeys: ReadonlySet<string>, private readonly dtype: DType) {
    this.data = allocate(dtype, 0);
    this.numbers = new JsonNumberReader(bytes);
  }

  body(): unknown {
    this.space();
    if (this.bytes[this.pos] !== Byte.OpenBrace) throw UNRECOGNISED;
    const value = this.object(0);
    this.space();
    if (this.pos !== this.end) throw UNRECOGNISED;
    return value;
  }

  private space(): void {
    const bytes = this.bytes;
    let c = bytes[this.pos];
    while (c === Byte.Space || c === Byte.Newline || c === Byte.Return || c === Byte.Tab) c = bytes[++this.pos];
  }

  /** After `item` has been read: true past a comma (another follows), false past the closing byte. */
  private next(close: Byte): boolean {
    this.space();
    const c = this.bytes[this.pos++];
    if (c === Byte.Comma) return true;
    if (c === close) return false;
    throw UNRECOGNISED;
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
        return this.number(false);
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

  private number(float32: boolean): number {
    this.numbers.pos = this.pos;
    const v = this.numbers.read(float32);
    if (Number.isNaN(v)) throw UNRECOGNISED;
    this.pos = this.numbers.pos;
    return v;
  }

  /** A rectangular nest of numbers, its shape read along its first elements (as fromNestedArray). */
  private tensor(): ScannedTensor {
    if (this.bytes[this.pos] !== Byte.Open) throw UNRECOGNISED;
    this.data = allocate(this.dtype, INITIAL_CAPACITY);
    this.count = 0;
    this.shape.fill(-1);
    this.rank = 0;
    this.nest(0);
    const data = this.count === this.data.length ? this.data : this.data.slice(0, this.count);
    return new ScannedTensor(this.dtype, this.shape.slice(0, this.rank), data);
  }

  /** One array of the nest at `depth` (the cursor on its '['); checks its length against the shape. */
  private nest(depth: number): void {
    if (depth >= MAX_RANK) throw UNRECOGNISED;
    this.pos++;
    this.space();
    // The first array to reach a number fixes the rank; every other must reach numbers at the same depth.
    const leaf = this.rank === 0 ? this.bytes[this.pos] !== Byte.Open : depth === this.rank - 1;
    let n = 0;
    if (leaf) {
      if (this.rank === 0) this.rank = depth + 1;
      do {
        this.space();
        this.push();
        n++;
      } while (this.next(Byte.Close));
    } else {
      do {
        this.space();
        if (this.bytes[this.pos] !== Byte.Open) throw UNRECOGNISED;
        this.nest(depth + 1);
        n++;
      } while (this.next(Byte.Close));
    }
    // The first array finished at each depth sets its length (an empty one is left to the general path).
    if (this.shape[depth] === -1) this.shape[depth] = n;
    else if (this.shape[depth] !== n) throw UNRECOGNISED;
  }

  private push(): void {
    if (this.count === this.data.length) {
      const grown = allocate(this.dtype, this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    if (this.dtype === 'float32') {
      this.data[this.count++] = this.number(true);
      return;
    }
    const v = this.number(false);
    if (!(Number.isInteger(v) && v >= -(2 ** 31) && v < 2 ** 31)) throw UNRECOGNISED;
    this.data[this.count++] = v;
  }
}
