import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DTypeError, DataError, ShapeError } from '../../src/errors.js';
import { BinaryReader, joinBinaryBody, splitBinaryBody } from '../../src/serve/protocols/kserveBinary.js';
import { fromDatatype } from '../../src/serve/tensors/datatypes.js';
import { fromNestedArray } from '../../src/serve/tensors/nestedArray.js';
import { conformInput } from '../../src/serve/tensors/signature.js';
import type { TensorSpec } from '../../src/serve/tensors/signature.js';
import { toNested } from '../../src/serve/tensors/toNested.js';

describe('fromNestedArray', () => {
  it('flattens a rectangular nested array row-major with its shape', () => {
    const t = fromNestedArray('instances', [[[1, 2]], [[3, 4]], [[5, 6]]], 'float32');
    assert.deepEqual(t.shape, [3, 1, 2]);
    assert.deepEqual(Array.from(t.data), [1, 2, 3, 4, 5, 6]);
    assert.ok(t.data instanceof Float32Array);
    assert.ok(fromNestedArray('x', [[1, 2]], 'int32').data instanceof Int32Array);
  });

  it('names the first element that is wrong, with its index path', () => {
    assert.throws(() => fromNestedArray('instances', [[1, 2], [3]], 'float32'), (e: unknown) => e instanceof ShapeError && /^instances\[1\]: expected 2 elements .*found 1$/.test(e.message));
    assert.throws(() => fromNestedArray('instances', [[1, 2], [3, 'x']], 'float32'), (e: unknown) => e instanceof DataError && e.message.startsWith('instances[1][1]: expected a number, found the string "x"'));
    assert.throws(() => fromNestedArray('instances', [[1, 2], 3], 'float32'), (e: unknown) => e instanceof ShapeError && e.message.startsWith('instances[1]: expected an array of 2 elements'));
    assert.throws(() => fromNestedArray('instances', [[null, 2]], 'float32'), /instances\[0\]\[0\]: expected a number, found null/);
    assert.throws(() => fromNestedArray('x', [1.5], 'int32'), /x\[0\]: int32 input takes 32-bit integers, found 1.5/);
    assert.throws(() => fromNestedArray('x', 'abc', 'float32'), /x: expected an array of numbers, found the string "abc"/);
  });

  it('refuses nesting deeper than any model takes instead of exhausting the stack', () => {
    let deep: unknown = [1];
    for (let i = 0; i < 100_000; i++) deep = [deep];
    assert.throws(() => fromNestedArray('x', deep, 'float32'), (e: unknown) => e instanceof ShapeError && /nested deeper than 8/.test(e.message));
  });
});

describe('conformInput', () => {
  const spec: TensorSpec = { name: 'image', dtype: 'float32', shape: [null, 2, 2, 1] };
  const batch = (shape: number[]) => ({ dtype: 'float32' as const, shape, data: new Float32Array(shape.reduce((a, b) => a * b, 1)) });

  it('accepts samples of the input shape, and flat samples of the same size reshaped', () => {
    assert.deepEqual(conformInput('m', spec, batch([3, 2, 2, 1])).shape, [3, 2, 2, 1]);
    assert.deepEqual(conformInput('m', spec, batch([3, 4])).shape, [3, 2, 2, 1]);
  });

  it('says what shape and dtype the input takes and what came', () => {
    assert.throws(() => conformInput('m', spec, batch([3, 5])), (e: unknown) => e instanceof ShapeError && e.message === "m: input 'image' takes samples of shape [2,2,1] (4 values), found samples of shape [5] (5 values)");
    assert.throws(() => conformInput('m', spec, { dtype: 'int32', shape: [1, 4], data: new Int32Array(4) }), (e: unknown) => e instanceof DTypeError && /takes float32, found int32/.test(e.message));
    assert.throws(() => conformInput('m', spec, batch([0, 2, 2, 1])), /expected a non-empty batch/);
  });
});

describe('v2 datatypes', () => {
  it('takes the datatype the input has, and names the right one otherwise', () => {
    assert.equal(fromDatatype('inputs[0]', 'FP32', 'float32'), 'float32');
    assert.throws(() => fromDatatype('inputs[0]', 'FP64', 'float32'), /datatype FP64 does not match the model's input, which takes FP32/);
    assert.throws(() => fromDatatype('inputs[0]', 'FLOAT', 'float32'), /unknown datatype 'FLOAT'/);
  });
});

describe('binary tensor data extension', () => {
  it('round-trips a JSON header and tensor bytes', () => {
    const values = Float32Array.from([1.5, -2, 3.25]);
    const { body, headerLength } = joinBinaryBody({ inputs: [{ name: 'x' }] }, [new Uint8Array(values.buffer)]);
    const { header, tail } = splitBinaryBody(body, String(headerLength));
    assert.deepEqual(header, { inputs: [{ name: 'x' }] });
    const reader = new BinaryReader(tail);
    assert.deepEqual(Array.from(reader.take('x', 12, 3, (n) => new Float32Array(n))), [1.5, -2, 3.25]);
    reader.finish();
  });

  it('refuses sizes that disagree with the shape or the body, and bytes left over', () => {
    const tail = Buffer.alloc(16);
    assert.throws(() => new BinaryReader(tail).take('x', 12, 4, (n) => new Float32Array(n)), /binary_data_size is 12 bytes, but the shape's 4 elements of 4 bytes need 16/);
    assert.throws(() => new BinaryReader(tail).take('x', 20, 5, (n) => new Float32Array(n)), /expected 20 bytes of tensor data, only 16 are left/);
    const r = new BinaryReader(tail);
    r.take('x', 8, 2, (n) => new Float32Array(n));
    assert.throws(() => r.finish(), /8 bytes after the tensors/);
    assert.throws(() => splitBinaryBody(Buffer.from('{}'), '5'), /at most the body's 2 bytes/);
    assert.throws(() => splitBinaryBody(Buffer.from('{x'), '2'), /not a JSON inference header/);
  });
});

describe('toNested', () => {
  it('turns a batch back into one nested array per row', () => {
    assert.deepEqual(toNested({ dtype: 'float32', shape: [2, 1, 2], data: Float32Array.from([1, 2, 3, 4]) }), [[[1, 2]], [[3, 4]]]);
  });
});
