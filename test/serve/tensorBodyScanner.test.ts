import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import type { DType } from '../../src/tensor/dtype.js';
import { nativeNestReader } from '../../src/serve/json/nativeNumberNest.js';
import type { NestReader } from '../../src/serve/json/numberNest.js';
import { jsNestReader } from '../../src/serve/json/numberNest.js';
import { ScannedTensor, scanTensorBody } from '../../src/serve/json/tensorBodyScanner.js';
import { fromNestedArray } from '../../src/serve/tensors/nestedArray.js';
import { seededRandom } from './fixtures.js';

const TF_KEYS: ReadonlySet<string> = new Set(['instances', 'inputs']);
const KSERVE_KEYS: ReadonlySet<string> = new Set(['data']);

/**
 * What the general path makes of a body: JSON.parse, then fromNestedArray for each tensor key.
 * Undefined when it would answer with an error (then the scan must not take the body).
 */
function general(text: string, keys: ReadonlySet<string>, dtype: DType): unknown {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
  let ok = true;
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (typeof v !== 'object' || v === null) return v;
    return Object.fromEntries(Object.entries(v).map(([k, x]) => {
      if (!keys.has(k)) return [k, walk(x)];
      try {
        const t = fromNestedArray(k, x, dtype);
        if (t.data.length === 0) ok = false;
        return [k, { dtype: t.dtype, shape: [...t.shape], bits: [...new Uint32Array(t.data.buffer)] }];
      } catch {
        ok = false;
        return [k, undefined];
      }
    }));
  };
  const out = walk(parsed);
  return ok ? out : undefined;
}

/** Every test runs with each nest reader: the JS one, and the native addon's where it is built. */
const native = nativeNestReader();
let readNest: NestReader = jsNestReader;

/** The scan's result in the same form as general()'s: tensors as dtype, shape and the bits of their values. */
function scanned(text: string, keys: ReadonlySet<string>, dtype: DType): unknown {
  const walk = (v: unknown): unknown => {
    if (v instanceof ScannedTensor) return { dtype: v.dtype, shape: [...v.shape], bits: [...new Uint32Array(v.data.buffer, v.data.byteOffset, v.data.length)] };
    if (Array.isArray(v)) return v.map(walk);
    if (typeof v !== 'object' || v === null) return v;
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
  };
  const result = scanTensorBody(Buffer.from(text, 'utf8'), keys, dtype, readNest);
  return result === undefined ? undefined : walk(result);
}

/** The scan takes the body and agrees with the general path to the bit, or leaves it to the general path. */
function agrees(text: string, keys: ReadonlySet<string>, dtype: DType, mustTake = false): void {
  const fast = scanned(text, keys, dtype);
  if (fast === undefined) {
    assert.ok(!mustTake, `the scan left a body it should take: ${text.slice(0, 200)}`);
    return;
  }
  assert.deepEqual(fast, general(text, keys, dtype), text.slice(0, 200));
}

const numberText = (rand: () => number): string => {
  const v = (rand() - 0.5) * 10 ** Math.floor(rand() * 12 - 6);
  switch (Math.floor(rand() * 6)) {
    case 0: return String(v);
    case 1: return v.toPrecision(1 + Math.floor(rand() * 21));
    case 2: return v.toExponential(Math.floor(rand() * 20)).replace('e+', rand() < 0.5 ? 'E' : 'e+');
    case 3: return String(Math.round(v * 1000));
    case 4: return rand() < 0.5 ? '-0' : '0.0e-3';
    default: return String((Math.floor(rand() * 256) % 255) / 255);
  }
};

const space = (rand: () => number): string => [' ', '', '', '\n', '\t', '\r\n  '][Math.floor(rand() * 6)]!;

/** A random rectangular nest of numbers, written with random spacing. */
function nest(rand: () => number, shape: readonly number[], num: () => string): string {
  if (shape.length === 0) return num();
  const items = Array.from({ length: shape[0]! }, () => nest(rand, shape.slice(1), num));
  return `[${space(rand)}${items.join(`${space(rand)},${space(rand)}`)}${space(rand)}]`;
}

for (const [name, reader] of [['JS', jsNestReader], ['native', native]] as const) {
describe(`scanTensorBody: the fast path for inference bodies, ${name} nest reader`, { skip: reader === undefined ? 'the native addon is not built' : false }, () => {
  beforeEach(() => {
    readNest = reader!;
  });

  it('reads random TF Serving and KServe bodies exactly as JSON.parse + fromNestedArray', () => {
    const rand = seededRandom(3);
    for (let k = 0; k < 3000; k++) {
      const shape = Array.from({ length: 1 + Math.floor(rand() * 3) }, () => 1 + Math.floor(rand() * 6));
      const values = nest(rand, shape, () => numberText(rand));
      const tf = rand() < 0.5 ? `{"instances":${values}}` : `{${space(rand)}"signature_name" : "serving_default",${space(rand)}"inputs":${values}${space(rand)}}`;
      agrees(tf, TF_KEYS, 'float32', true);
      const kserve = `{"id":"r${k}","inputs":[{"name":"x","shape":[${shape.join(',')}],"datatype":"FP32","data":${values},"parameters":{"binary_data_size":null}}],"outputs":[{"name":"y","parameters":{"binary_data":${rand() < 0.5}}}]}`;
      agrees(kserve, KSERVE_KEYS, 'float32', true);
    }
  });

  it('reads the benchmark body (784 pixel values) to the same bits', () => {
    const sample = Array.from({ length: 784 }, (_, i) => (i % 255) / 255);
    agrees(JSON.stringify({ instances: [sample] }), TF_KEYS, 'float32', true);
    agrees(JSON.stringify({ instances: [sample, sample.map((v) => -v * 1e-30)] }), TF_KEYS, 'float32', true);
  });

  it('reads int32 tensors of whole numbers and leaves any other number to the general path', () => {
    agrees('{"instances": [[1, -2, 2147483647, -2147483648, 1.0, 1e3, -0]]}', TF_KEYS, 'int32', true);
    for (const bad of ['1.5', '2147483648', '-2147483649', '1e10', '0.1e1', '1e-1']) {
      const text = `{"instances": [[1, ${bad}]]}`;
      assert.equal(scanned(text, TF_KEYS, 'int32') === undefined, general(text, TF_KEYS, 'int32') === undefined, bad);
      agrees(text, TF_KEYS, 'int32');
    }
  });

  it('leaves every body it does not take exactly to the general path', () => {
    const left = [
      '{"instances": [[1, 2], [3]]}', // ragged
      '{"instances": [[1, 2], 3]}',
      '{"instances": [1, [2]]}',
      '{"instances": []}', // empty
      '{"instances": [[]]}',
      '{"instances": [[1, "2"]]}', // not a number
      '{"instances": [[1, null]]}',
      '{"instances": [{"x": [1, 2]}]}', // named rows
      '{"inputs": {"x": [[1, 2]]}}',
      '{"instances": 5}',
      '{"instances": [[[[[[[[[1]]]]]]]]]}', // deeper than 8
      '{"instances": [[1, 2]], "instances": [[3, 4]]}', // a key twice
      '{"__proto__": {"x": 1}, "instances": [[1]]}',
      '{"signature_name": "caf\\u00e9", "instances": [[1]]}', // escapes
      '{"signature_name": "café", "instances": [[1]]}', // not ASCII
      '\ufeff{"instances": [[1]]}', // a byte-order mark
      '[[1, 2]]',
      '{"instances": [[1, 2]]} x', // trailing bytes
      '{"instances": [[1, 2]]',
      '{"instances": [[01, 2]]}',
      '{"instances": [[1., 2]]}',
      '{"instances": [[.5, 2]]}',
      '{"instances": [[+1, 2]]}',
      '{"instances": [[NaN]]}',
      '{"instances": [[Infinity]]}',
      '{"instances": [[1,]]}',
      '{"instances": [[1 2]]}',
      '{"instances" [[1]]}',
      '{"instances": [[1]],}',
      '{instances: [[1]]}',
      "{'instances': [[1]]}",
      '',
    ];
    for (const text of left) {
      assert.equal(scanned(text, TF_KEYS, 'float32'), undefined, text);
    }
  });

  it('never takes a body JSON.parse refuses, and agrees wherever it takes one (mutation fuzz)', () => {
    const rand = seededRandom(5);
    const valid = [
      JSON.stringify({ instances: [[1, 2.5, -3e-7, 4], [0.1, 0.2, 0.3, 0.4]] }),
      JSON.stringify({ inputs: [[[1, 2], [3, 4]]], signature_name: 'x' }),
      JSON.stringify({ id: 'a', inputs: [{ name: 'x', shape: [1, 4], datatype: 'FP32', data: [1, 2, 3, 4] }] }),
    ];
    for (let k = 0; k < 20_000; k++) {
      const chars = [...valid[k % valid.length]!];
      for (let m = 0; m <= Math.floor(rand() * 4); m++) {
        const at = Math.floor(rand() * chars.length);
        const op = Math.floor(rand() * 3);
        const pick = '{}[],:"x-+.eE0123456789 \\\n'[Math.floor(rand() * 25)]!;
        if (op === 0) chars.splice(at, 1);
        else if (op === 1) chars.splice(at, 0, pick);
        else chars[at] = pick;
      }
      const text = chars.join('');
      const keys = k % valid.length === 2 ? KSERVE_KEYS : TF_KEYS;
      const fast = scanned(text, keys, 'float32');
      if (fast !== undefined) assert.doesNotThrow(() => JSON.parse(text), text);
      agrees(text, keys, 'float32');
    }
  });
});
}
