/**
 * Reads one JSON number straight from a request body's bytes, to exactly the value that
 * `JSON.parse` gives (as a double), or to exactly what storing that double in a Float32Array
 * gives (as a float32): bit for bit, for every valid JSON number.
 *
 * Three ways, cheapest first:
 *  1. up to 15 significant digits and a decimal exponent within +-22: the digits and the power of
 *     ten are both exact doubles, so one multiplication or division rounds correctly (Clinger);
 *  2. float32 only, up to 19 significant digits, magnitudes in the normal float32 range: an
 *     approximation `a` within 2^-50 of the decimal value x decides the float32 whenever `a` is
 *     farther than 2^-40 a from the midpoint between the two float32 values around it. Then x
 *     and double(x) (within 2^-53 x of x) lie on the same side of that midpoint as `a`, so
 *     float32(double(x)) = float32(a); the midpoint is exact in double (a float32 midpoint has
 *     25 significant bits). Closer than that (ties included), or any other case:
 *  3. the engine's own conversion (`Number` of the digits), which is what JSON.parse uses.
 */

/** 10^i, each correctly rounded (the engine parses the literal); exact up to 10^22. */
const POW10 = Float64Array.from({ length: 309 }, (_, i) => Number(`1e${i}`));

const MAX_EXACT_DIGITS = 15;
const MAX_APPROX_DIGITS = 19;
const MAX_EXACT_EXPONENT = 22;
/** Digits gathered in a small integer before they fold into the double: 10^8 < 2^31. */
const CHUNK_DIGITS = 8;
const CHUNK_SCALE = 1e8;
/** Relative distance from a float32 midpoint below which way 2 hands over to way 3. */
const MIDPOINT_MARGIN = 2 ** -40;
/** Past these a float32 is subnormal or overflows: way 3. */
const FLOAT32_NORMAL_MIN = 1.2e-38;
const FLOAT32_SAFE_MAX = 3.4e38;
/** An exponent past this is kept at it: the value is 0 or infinite either way (way 3 decides). */
const EXPONENT_CAP = 100_000;

const float32Bits = new Float32Array(1);
const bits = new Uint32Array(float32Bits.buffer);

/** Where a scan is in the bytes; the readers move it past what they read. */
export interface Cursor {
  pos: number;
}

/** One comparison: bytes below '0' wrap around to large unsigned numbers. */
const isDigit = (c: number): boolean => (c - 0x30) >>> 0 < 10;

/** For way 3: the number's bytes as the string the engine converts (they are all ASCII). */
const latin1 = new TextDecoder('latin1');

/**
 * The JSON number at `cursor.pos` (moving the cursor past it), rounded to float32 when `float32`
 * is set; NaN when the bytes there are not a JSON number (no valid JSON number reads as NaN).
 * `bytes` must end with a byte that no JSON number ends with (a 0): the reads stay in bounds
 * without a check, so the loops work on small integers only.
 */
export function readJsonNumber(bytes: Uint8Array, cursor: Cursor, float32: boolean): number {
  const start = cursor.pos;
  let i = start;
  const negative = bytes[i] === 0x2d;
  if (negative) i++;
  // The first 19 significant digits make m = high * 10^chunkDigits + chunk: the digits go into a
  // small integer (fast) and fold into the double every 8 (exact while m has at most 15 digits).
  let high = 0;
  let chunk = 0;
  let chunkDigits = 0;
  let digits = 0;
  let exponent = 0;
  let c = bytes[i]!;
  if (c === 0x30) {
    c = bytes[++i]!;
    if (isDigit(c)) return NaN; // a leading zero
  } else if (isDigit(c)) {
    do {
      if (digits < MAX_APPROX_DIGITS) {
        chunk = chunk * 10 + (c - 0x30);
        if (++chunkDigits === CHUNK_DIGITS) {
          high = high * CHUNK_SCALE + chunk;
          chunk = chunkDigits = 0;
        }
      } else {
        exponent++;
      }
      digits++;
      c = bytes[++i]!;
    } while (isDigit(c));
  } else {
    return NaN;
  }
  if (c === 0x2e) {
    c = bytes[++i]!;
    if (!isDigit(c)) return NaN;
    do {
      // Leading zeros of a fraction are not significant; every kept fraction digit moves the point.
      if (digits < MAX_APPROX_DIGITS && (digits > 0 || c !== 0x30)) {
        chunk = chunk * 10 + (c - 0x30);
        if (++chunkDigits === CHUNK_DIGITS) {
          high = high * CHUNK_SCALE + chunk;
          chunk = chunkDigits = 0;
        }
        digits++;
        exponent--;
      } else if (digits === 0) {
        exponent--;
      } else {
        digits++;
      }
      c = bytes[++i]!;
    } while (isDigit(c));
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
    exponent += negativeExponent ? -e : e;
  }
  cursor.pos = i;
  if (digits === 0) return negative ? -0 : 0;
  // Past the 19th digit the value is not known closely enough: way 3.
  if (digits <= MAX_APPROX_DIGITS) {
    const m = high * POW10[chunkDigits]! + chunk;
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
