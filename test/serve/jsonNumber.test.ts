import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { JsonNumberReader, READER_PADDING } from '../../src/serve/json/jsonNumber.js';
import { nativeNestReader } from '../../src/serve/json/nativeNumberNest.js';
import { seededRandom } from './fixtures.js';

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);
const f64 = new Float64Array(1);
const u64 = new BigUint64Array(f64.buffer);
const float32Bits = (v: number): number => ((f32[0] = v), u32[0]!);
const float64Bits = (v: number): bigint => ((f64[0] = v), u64[0]!);
const float32Of = (b: number): number => ((u32[0] = b), f32[0]!);

/** A reader over `text` padded as the scanner pads a body. */
const readerOf = (text: string): JsonNumberReader => new JsonNumberReader(Buffer.concat([Buffer.from(text, 'latin1'), Buffer.alloc(READER_PADDING)]));

/** Reads `text` with the fast reader and checks it read all of it. */
function read(text: string, float32: boolean): number {
  const reader = readerOf(text);
  const v = reader.read(float32);
  if (!Number.isNaN(v)) assert.equal(reader.pos, text.length, text);
  return v;
}

/** The native addon's reader of number nests (it reads float32 only), where the addon is built. */
const native = nativeNestReader();

/** Checks the readers against JSON.parse, to the bit: the JS one as a double and as a float32, the native one as a float32. */
function agrees(text: string): void {
  const want = JSON.parse(text) as number;
  assert.equal(float64Bits(read(text, false)), float64Bits(want), `${text} as a double`);
  assert.equal(float32Bits(read(text, true)), float32Bits(want), `${text} as a float32`);
  if (native !== undefined) {
    const nest = native(Buffer.from(`[${text}]`, 'latin1'), 0, text.length + 2, 'float32');
    assert.equal(nest === undefined ? 'not read' : float32Bits(nest.data[0]!), float32Bits(want), `${text} as a float32, natively`);
  }
}

/** The exact decimal expansion of a double (every double is a finite binary fraction). */
function exactDecimal(v: number): string {
  f64[0] = v;
  const b = u64[0]!;
  const exp = Number((b >> 52n) & 0x7ffn);
  let mant = b & ((1n << 52n) - 1n);
  if (exp !== 0) mant |= 1n << 52n;
  const e2 = (exp === 0 ? 1 : exp) - 1075;
  if (e2 >= 0) return (mant << BigInt(e2)).toString();
  // mant / 2^-e2 = mant * 5^-e2 / 10^-e2
  const digits = (mant * 5n ** BigInt(-e2)).toString().padStart(-e2 + 1, '0');
  return `${digits.slice(0, digits.length + e2)}.${digits.slice(digits.length + e2)}`.replace(/\.?0+$/, '');
}

describe(`JSON numbers read bit-identical to JSON.parse (then Float32Array), by the JS reader${native === undefined ? ' (the native addon is not built)' : ' and the native one'}`, () => {
  it('reads hand-picked and edge-case numbers', () => {
    for (const text of ['0', '-0', '0.0', '-0.0', '0e5', '-0E-5', '1', '-1', '10', '0.5', '0.1', '0.2', '0.3', '1e22', '1e23', '9007199254740993',
      '123456789012345678', '1234567890123456789', '12345678901234567890', '0.000000000000000000001', '1e-7', '1.17549435e-38', '1.1754942e-38',
      '1.4e-45', '1e-46', '3.4028234663852886e38', '3.4028235e38', '3.40282357e38', '3.4028236e38', '1e39', '1e308', '1.7976931348623157e308',
      '1e309', '-1e400', '1e-400', '5e-324', '2.2250738585072014e-308', '0.00392156862745098', '0.996078431372549', '4.9406564584124654e-324',
      '1E+2', '1e-0', '123.456e-2', '0.1e1', '100000000000000000000000000000', '0.30000000000000004', '2.5', '-2.5e-3',
      '1.00000005960464477539062500', '1.0000000596046447753906249', '1.0000000596046447753906251', '16777217', '16777217.000000001', '33554434.99999999']) {
      agrees(text);
    }
  });

  it('agrees on 200,000 random numbers of every length and exponent', () => {
    const rand = seededRandom(7);
    const digits = (n: number): string => Array.from({ length: n }, () => String(Math.floor(rand() * 10))).join('');
    for (let k = 0; k < 200_000; k++) {
      const form = k % 5;
      let text: string;
      if (form === 0) {
        text = String((rand() - 0.5) * 10 ** Math.floor(rand() * 80 - 40)); // shortest round-trip forms
      } else if (form === 1) {
        text = (rand() * 2 ** 30).toPrecision(1 + Math.floor(rand() * 21)); // 1 to 21 significant digits
      } else if (form === 2) {
        text = `${rand() < 0.5 ? '-' : ''}${digits(1 + Math.floor(rand() * 25)).replace(/^0+(?=\d)/, '')}.${digits(1 + Math.floor(rand() * 25))}e${Math.floor(rand() * 100 - 50)}`;
      } else if (form === 3) {
        text = String(Math.fround(rand() * 2 ** Math.floor(rand() * 200 - 100))); // float32 values printed as doubles
      } else {
        text = (rand() / 255).toString(); // the pixel values of the benchmark
      }
      agrees(text);
    }
  });

  it('agrees next to float32 midpoints, where double rounding decides (adversarial)', () => {
    const rand = seededRandom(11);
    for (let k = 0; k < 20_000; k++) {
      // A float32 of any normal exponent and the midpoint above it, written exactly, then nudged.
      const low = float32Of(((1 + Math.floor(rand() * 253)) << 23) | Math.floor(rand() * 2 ** 23));
      const midpoint = (low + float32Of(float32Bits(low) + 1)) / 2;
      const exact = exactDecimal(midpoint);
      agrees(exact);
      agrees(`-${exact}`);
      // 17 and 19 significant digits around it: the forms where way 2 must hand over.
      for (const p of [9, 12, 17, 19]) {
        agrees(midpoint.toPrecision(p));
        agrees(midpoint.toExponential(p - 1));
      }
      const dot = exact.indexOf('.');
      if (dot >= 0) {
        agrees(`${exact}1`); // just above the midpoint
        agrees(`${exact.slice(0, -1)}${String(Number(exact.at(-1)) - 1)}`.replace(/\.$/, '')); // just below
      }
    }
  });

  it('takes no byte string that is not a JSON number, as JSON.parse takes none', () => {
    for (const text of ['', '-', '+1', '01', '-01', '00', '.5', '1.', '1.e5', '1e', '1e+', '1e-', 'e5', '-e5', 'Infinity', 'NaN', '0x10', '--1', '- 1']) {
      assert.throws(() => JSON.parse(text), SyntaxError, text);
      // Either not a number here at all, or a number that stops before the bad byte (the scanner then refuses that byte).
      const reader = readerOf(text);
      const v = reader.read(true);
      assert.ok(Number.isNaN(v) || reader.pos < text.length, `${text} read as ${v}`);
      if (native !== undefined) assert.equal(native(Buffer.from(`[${text}]`, 'latin1'), 0, text.length + 2, 'float32'), undefined, text);
    }
  });
});
