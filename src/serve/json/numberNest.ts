import type { DType, TypedArray } from '../../tensor/dtype.js';
import { allocate } from '../../tensor/dtype.js';
import { Byte, JsonCursor, UNRECOGNISED } from './jsonCursor.js';
import { JsonNumberReader, READER_PADDING } from './jsonNumber.js';

/** A rectangular nest of numbers read from a body: its values, its shape, and where it ended. */
export interface NumberNest {
  readonly data: TypedArray;
  readonly shape: number[];
  readonly end: number;
}

/**
 * Reads the nest at `start` (its '[') of `bytes`, whose body ends at `end`. Undefined when the
 * fast path does not take it: a ragged or empty nest, more than MAX_RANK deep, anything but JSON
 * numbers at its leaves, int32 values that are not whole numbers within 32 bits. Float32 values
 * are exactly what JSON.parse's doubles stored in a Float32Array give.
 */
export type NestReader = (bytes: Uint8Array, start: number, end: number, dtype: DType) => NumberNest | undefined;

/** As fromNestedArray: deeper nesting than any served model takes. */
export const MAX_RANK = 8;
const INITIAL_CAPACITY = 1024;

/** The nest reader in JavaScript (the native addon has a faster one, nativeNumberNest.ts). */
export const jsNestReader: NestReader = (bytes, start, end, dtype) => {
  // A copy of the rest of the body with zeros after it, which no JSON token takes: the number
  // reader needs no bounds checks then.
  const padded = new Uint8Array(end - start + READER_PADDING);
  padded.set(bytes.subarray(start, end));
  try {
    const nest = new JsNestReader(padded, dtype).read();
    return { ...nest, end: start + nest.end };
  } catch (err) {
    if (err === UNRECOGNISED) return undefined;
    throw err;
  }
};

class JsNestReader extends JsonCursor {
  private readonly numbers: JsonNumberReader;
  private data: TypedArray;
  private count = 0;
  /** Length by depth, -1 until the first array at that depth has been read. */
  private readonly shape: number[] = new Array<number>(MAX_RANK).fill(-1);
  private rank = 0;

  constructor(bytes: Uint8Array, private readonly dtype: DType) {
    super(bytes, 0);
    this.numbers = new JsonNumberReader(bytes);
    this.data = allocate(dtype, INITIAL_CAPACITY);
  }

  read(): NumberNest {
    this.nest(0);
    const data = this.count === this.data.length ? this.data : this.data.slice(0, this.count);
    return { data, shape: this.shape.slice(0, this.rank), end: this.pos };
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
    this.numbers.pos = this.pos;
    const v = this.numbers.read(this.dtype === 'float32');
    if (Number.isNaN(v)) throw UNRECOGNISED;
    this.pos = this.numbers.pos;
    if (this.dtype === 'int32' && !(Number.isInteger(v) && v >= -(2 ** 31) && v < 2 ** 31)) throw UNRECOGNISED;
    this.data[this.count++] = v;
  }
}
