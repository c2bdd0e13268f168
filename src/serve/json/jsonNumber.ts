/**
 * Reads JSON numbers straight from a request body's bytes, each to exactly the value that
 * `JSON.parse` gives (as a double), or to exactly what storing that double in a Float32Array
 * gives (as a float32): bit for bit, for every valid JSON number.
 *
 * The significant digits m (up to 19 of them) and the decimal exponent e are read first, four
 * or eight digits at a time where they come in a run (SWAR on 32-bit words). Then three ways,
 * cheapest first:
 *  1. up to 15 digits and |e| <= 22: m and 10^|e| are both exact doubles, so one multiplication
 *     or division rounds correctly (Clinger);
 *  2. float32 only, up to 19 digits, magnitudes in the normal float32 range: an approximation
 *     `a` of the decimal value x (a few roundings, within 2^-50 a of x) decides the float32
 *     whenever `a` is farther than 2^-40 a from the midpoint between the two float32 values
 *     around it. Then x and double(x) (within 2^-53 x of x) lie on the same side of that
 *     midpoint as `a`, so float32(double(x)) = float32(a); the midpoint is exact in double (a
 *     float32 midpoint has 25 significant bits). Closer than that (ties included), or else:
 *  3. the engine's own conversion (`Number` of the digits), which is what JSON.parse uses.
 */

/** 10^i, each correctly rounded (the engine parses the literal); exact up to 10^22. */
const POW10 = Float64Array.from({ length: 309 }, (_, i) => Number(`1e${i}`));

const MAX_EXACT_DIGITS = 15;
const MAX_APPROX_DIGITS = 19;
const MAX_EXACT_EXPONENT = 22;
/** Relative distance from a float32 midpoint below which way 2 hands over to way 3. */
const MIDPOINT_MARGIN = 2 ** -40;
/** Past these a float32 is subnormal or overflows: way 3. */
const FLOAT32_NORMAL_MIN = 1.2e-38;
const FLOAT32_SAFE_MAX = 3.4e38;
/** An exponent past this is kept at it: the value is 0 or infinite either way (way 3 decides). */
const EXPONENT_CAP = 100_000;
/** Bytes after the body the reader needs: a 0 (no JSON token ends with it) and room for 8-byte reads. */
export const READER_PADDING = 8;

const float32Bits = new Float32Array(1);
const bits = new Uint32Array(float32Bits.buffer);

/** For way 3: the number's bytes as the string the engine converts (they are all ASCII). */
const latin1 = new TextDecoder('latin1');

/** One comparison: bytes below '0' wrap around to large unsigned numbers. */
const isDigit = (c: number): boolean => (c - 0x30) >>> 0 < 10;

/** The value of 4 ASCII digits in a little-endian word (the first digit lowest), or -1 if they are not all digits. */
function fourDigits(word: number): number {
  // Every byte 0x30..0x39: high nibble 3, and adding 6 does not carry into it.
  if ((word & 0xf0f0f0f0 | ((word + 0x06060606) & 0xf0f0f0f0) >>> 4) !== 0x33333333) return -1;
  const d = word & 0x0f0f0f0f;
  const pairs = (Math.imul(d, 10) + (d >>> 8)) & 0x00ff00ff;
  return (Math.imul(pairs, 100) + (pairs >>> 16)) & 0xffff;
}

/**
 * A reader over a body's bytes, which must be followed by READER_PADDING zero bytes (so its reads
 * need no bounds checks). `pos` is where it is; `read` moves it past one number.
 */
export class JsonNumberReader {
  pos = 0;
  private readonly view: DataView;
  // The number being read: its significant digits so far (as a double), their count, and the
  // power of ten to scale them by.
  private mantissa = 0;
  private digits = 0;
  private exponent = 0;

  constructor(readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  /** The JSON number at `pos`, rounded to float32 when `float32` is set; NaN when the bytes there are not one. */
  read(float32: boolean): number {
    const bytes = this.bytes;
    const start = this.pos;
    const negative = bytes[start] === 0x2d;
    let i = negative ? start + 1 : start;
    this.mantissa = 0;
    this.digits = 0;
    this.exponent = 0;
    let c = bytes[i]!;
    if (c === 0x30) {
      c = bytes[++i]!;
      if (isDigit(c)) return NaN; // a leading zero
    } else if (isDigit(c)) {
      i = this.run(i, false);
      c = bytes[i]!;
    } else {
      return NaN;
    }
    if (c === 0x2e) {
      if (!isDigit(bytes[++i]!)) return NaN;
      i = this.run(i, true);
      c = bytes[i]!;
    }
    if (c === 0x65 || c === 0x45) {
      c = bytes[++i]!;
      const negativeExponent = c === 0x2d;
      if (c === 0x2d || c === 0x2b) c = bytes[++i]!;
      if (!isDigit(c)) return NaN;
      let e = 0;
      do {
        e = Math.min(EXPONENT_CAP, e * 10 + (c - 0x30));
        c = bytes[++i]!;
      } while (isDigit(c));
      this.exponent += negativeExponent ? -e : e;
    }
    this.pos = i;
    const { mantissa: m, digits, exponent } = this;
    if (digits === 0) return negative ? -0 : 0;
    // Past the 19th digit the value is not known closely enough: way 3.
    if (digits <= MAX_APPROX_DIGITS) {
      if (digits <= MAX_EXACT_DIGITS && exponent >= -MAX_EXACT_EXPONENT && exponent <= MAX_EXACT_EXPONENT) {
        const v = exponent >= 0 ? m * POW10[exponent]! : m / POW10[-exponent]!;
        return negative ? -v : v;
      }
      if (float32) {
        const f = nearFloat32(m, exponent);
        if (f !== 0) return negative ? -f : f;
      }
    }
    return Number(latin1.decode(bytes.subarray(start, i)));
  }

  /**
   * Reads the digit run at `i` (at least one digit) into the mantissa; returns where it ends.
   * Leading zeros of a fraction are not significant; each fraction digit kept moves the point,
   * each integer digit past the 19th raises it (such a number goes to way 3 anyway).
   */
  private run(i: number, fraction: boolean): number {
    const { bytes, view } = this;
    let { mantissa, digits, exponent } = this;
    if (fraction && digits === 0) {
      while (bytes[i] === 0x30) {
        i++;
        exponent--;
      }
    }
    // Eight digits a step, then four; a failed step means fewer than four are left: one a step.
    while (digits <= MAX_APPROX_DIGITS - 8) {
      const high = fourDigits(view.getUint32(i, true));
      if (high < 0) break;
      const low = fourDigits(view.getUint32(i + 4, true));
      if (low < 0) {
        mantissa = mantissa * 1e4 + high;
        digits += 4;
        i += 4;
        if (fraction) exponent -= 4;
        break;
      }
      mantissa = mantissa * 1e8 + (high * 1e4 + low);
      digits += 8;
      i += 8;
      if (fraction) exponent -= 8;
    }
    for (let c = bytes[i]!; isDigit(c); c = bytes[++i]!) {
      if (digits < MAX_APPROX_DIGITS) {
        mantissa = mantissa * 10 + (c - 0x30);
        if (fraction) exponent--;
      } else if (!fraction) {
        exponent++;
      }
      digits++;
    }
    this.mantissa = mantissa;
    this.digits = digits;
    this.exponent = exponent;
    return i;
  }
}

/** Way 2: the float32 nearest to m * 10^exponent when the approximation decides it, else 0. */
function nearFloat32(m: number, exponent: number): number {
  if (exponent < -80 || exponent > 40) return 0;
  const a = exponent >= 0 ? m * POW10[exponent]! : m / POW10[-exponent]!;
  if (!(a >= FLOAT32_NORMAL_MIN && a <= FLOAT32_SAFE_MAX)) return 0;
  const f = Math.fround(a);
  float32Bits[0] = f;
  // The float32 neighbour on a's side of f, and the midpoint between them.
  bits[0] += a >= f ? 1 : -1;
  const midpoint = (f + float32Bits[0]!) / 2;
  return Math.abs(a - midpoint) > a * MIDPOINT_MARGIN ? f : 0;
}
