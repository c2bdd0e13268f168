import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { after, describe, it } from 'node:test';
import * as tl from '../../src/index.js';
import { assertThrows } from '../tensor/util.js';

/** Bytes per value and a big-endian writer for each IDX type code. */
const WRITERS: Record<number, [number, (view: DataView, offset: number, value: number) => void]> = {
  0x08: [1, (v, o, x) => v.setUint8(o, x)],
  0x09: [1, (v, o, x) => v.setInt8(o, x)],
  0x0b: [2, (v, o, x) => v.setInt16(o, x)],
  0x0c: [4, (v, o, x) => v.setInt32(o, x)],
  0x0d: [4, (v, o, x) => v.setFloat32(o, x)],
  0x0e: [8, (v, o, x) => v.setFloat64(o, x)],
};

/** An IDX file written independently of the reader: magic, big-endian dims, big-endian values. */
function encodeIdx(code: number, shape: number[], values: number[]): Buffer {
  const [size, write] = WRITERS[code]!;
  const header = 4 + 4 * shape.length;
  const bytes = Buffer.alloc(header + values.length * size);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  bytes.set([0, 0, code, shape.length]);
  shape.forEach((d, i) => view.setUint32(4 + 4 * i, d));
  values.forEach((v, i) => write(view, header + i * size, v));
  return bytes;
}

const dir = mkdtempSync(join(tmpdir(), 'tensile-idx-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, bytes: Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

const images = [0, 51, 255, 102, 7, 1, 200, 128, 64, 32, 16, 8]; // 2 images of 2x3

describe('readIdx', () => {
  const cases: [number, string, number[], number[]][] = [
    [0x08, 'uint8', [2, 3], [0, 1, 127, 128, 254, 255]],
    [0x09, 'int8', [3], [-128, -1, 127]],
    [0x0b, 'int16', [2, 2], [-32768, -2, 300, 32767]],
    [0x0c, 'int32', [1, 3], [-(2 ** 31), 65536 + 3, 2 ** 31 - 1]],
    [0x0d, 'float32', [2], [1.5, -0.25]],
    [0x0e, 'float64', [2, 1, 1], [Math.PI, -1e300]],
  ];
  for (const [code, dtype, shape, values] of cases) {
    it(`reads ${dtype} values big-endian, raw and gzipped`, () => {
      const bytes = encodeIdx(code, shape, values);
      for (const path of [file(`${dtype}.idx`, bytes), file(`${dtype}.idx.gz`, gzipSync(bytes))]) {
        const idx = tl.io.readIdx(path);
        assert.equal(idx.dtype, dtype);
        assert.deepEqual(idx.shape, shape);
        assert.deepEqual(Array.from(idx.data), values);
      }
    });
  }

  it('reads an empty dimension as zero values', () => {
    const idx = tl.io.readIdx(file('empty.idx', encodeIdx(0x08, [0, 28], [])));
    assert.deepEqual(idx.shape, [0, 28]);
    assert.equal(idx.data.length, 0);
  });
});

describe('readIdxImages and readIdxLabels', () => {
  const imagesPath = file('images.idx', encodeIdx(0x08, [2, 2, 3], images));
  const labelsPath = file('labels.idx.gz', gzipSync(encodeIdx(0x08, [2], [7, 3])));

  it('images default to float32 value/255, channels last', () => {
    const x = tl.io.readIdxImages(imagesPath);
    assert.equal(x.dtype, 'float32');
    assert.deepEqual(x.shape, [2, 2, 3, 1]);
    assert.deepEqual(Array.from(x.values), images.map((v) => Math.fround(v / 255)));
  });

  it('scale: false keeps the raw bytes as int32; flat: true gives [n, rows * cols]', () => {
    const raw = tl.io.readIdxImages(imagesPath, { scale: false, flat: true });
    assert.equal(raw.dtype, 'int32');
    assert.deepEqual(raw.shape, [2, 6]);
    assert.deepEqual(Array.from(raw.values), images);
  });

  it('labels become int32 [n], from bytes or wider integers', () => {
    const y = tl.io.readIdxLabels(labelsPath);
    assert.equal(y.dtype, 'int32');
    assert.deepEqual(y.toArray(), [7, 3]);
    assert.deepEqual(tl.io.readIdxLabels(file('wide.idx', encodeIdx(0x0b, [2], [1000, -1]))).toArray(), [1000, -1]);
  });

  it('refuse files that do not hold images or labels, saying what they hold', () => {
    assertThrows(() => tl.io.readIdxImages(labelsPath), tl.DataError, /readIdxImages: .*labels\.idx\.gz does not hold images: expected uint8 values of shape \[n, rows, cols\], found uint8 \[2\]/);
    const floats = file('floats.idx', encodeIdx(0x0d, [2], [0.5, 1]));
    assertThrows(() => tl.io.readIdxLabels(floats), tl.DataError, /readIdxLabels: .*floats\.idx does not hold labels: expected integers of shape \[n\], found float32 \[2\]/);
  });
});

describe('malformed IDX files', () => {
  const good = encodeIdx(0x08, [2, 3], [1, 2, 3, 4, 5, 6]);

  it('a missing file or a directory is an IOError naming the path', () => {
    assertThrows(() => tl.io.readIdx(join(dir, 'nope.idx')), tl.IOError, /readIdx: .*nope\.idx does not exist/);
    assertThrows(() => tl.io.readIdx(dir), tl.IOError, /is a directory, expected a file/);
  });

  it('a bad magic number', () => {
    const bytes = Buffer.from(good);
    bytes[0] = 0x01;
    bytes[1] = 0x02;
    assertThrows(() => tl.io.readIdx(file('magic.idx', bytes)), tl.DataError, /magic\.idx is not an IDX file: expected a magic number starting with 0x00 0x00, found 0x01 0x02 0x08 0x02/);
  });

  it('an unknown type code lists the known ones', () => {
    const bytes = Buffer.from(good);
    bytes[2] = 0x0a;
    assertThrows(() => tl.io.readIdx(file('code.idx', bytes)), tl.DataError, /code\.idx has unknown IDX type code 0x0a; expected one of 0x08 \(uint8\), 0x09 \(int8\), .*0x0e \(float64\)/);
  });

  it('too short for a magic number, or for the dimensions it declares', () => {
    assertThrows(() => tl.io.readIdx(file('short.idx', good.subarray(0, 2))), tl.DataError, /too short .* expected a 4-byte magic number, found 2 bytes/);
    assertThrows(() => tl.io.readIdx(file('header.idx', good.subarray(0, 8))), tl.DataError, /header\.idx is truncated: its magic number declares 2 dimensions, a 12-byte header, but the file has 8 bytes/);
  });

  it('truncated data and trailing data give both sizes', () => {
    assertThrows(() => tl.io.readIdx(file('cut.idx', good.subarray(0, good.length - 1))), tl.DataError,
      /cut\.idx is truncated: a header and \[2,3\] uint8 values take 18 bytes, found 17/);
    assertThrows(() => tl.io.readIdx(file('long.idx', Buffer.concat([good, Buffer.from([9, 9])]))), tl.DataError,
      /long\.idx is followed by 2 bytes of trailing data: a header and \[2,3\] uint8 values take 18 bytes, found 20/);
    assertThrows(() => tl.io.readIdx(file('cut.idx.gz', gzipSync(good.subarray(0, 10)))), tl.DataError, /cut\.idx\.gz is truncated/);
  });

  it('a gzip file that does not decompress', () => {
    const gz = gzipSync(good);
    assertThrows(() => tl.io.readIdx(file('broken.gz', gz.subarray(0, gz.length - 6))), tl.DataError, /broken\.gz starts like a gzip file but does not decompress: /);
  });
});

describe('readIdxDir', () => {
  const set = join(dir, 'set');
  mkdirSync(set);
  writeFileSync(join(set, 'train-images-idx3-ubyte.gz'), gzipSync(encodeIdx(0x08, [2, 2, 3], images)));
  writeFileSync(join(set, 'train-labels-idx1-ubyte'), encodeIdx(0x08, [2], [4, 9]));
  writeFileSync(join(set, 't10k-images-idx3-ubyte'), encodeIdx(0x08, [1, 2, 3], images.slice(6)));

  it('names every missing file, with its .gz alternative', () => {
    assertThrows(() => tl.io.readIdxDir(set), tl.IOError, /readIdxDir: .*set has no t10k-labels-idx1-ubyte \(or t10k-labels-idx1-ubyte\.gz\); expected the four files/);
    assertThrows(() => tl.io.readIdxDir(join(dir, 'absent')), tl.IOError, /readIdxDir: .*absent is not a directory/);
  });

  it('reads the four files, raw or gzipped, into train and test splits', () => {
    writeFileSync(join(set, 't10k-labels-idx1-ubyte.gz'), gzipSync(encodeIdx(0x08, [1], [2])));
    const { train, test } = tl.io.readIdxDir(set, { flat: true });
    assert.deepEqual(train.x.shape, [2, 6]);
    assert.deepEqual(Array.from(train.x.values), images.map((v) => Math.fround(v / 255)));
    assert.deepEqual(train.y.toArray(), [4, 9]);
    assert.deepEqual(test.x.shape, [1, 6]);
    assert.deepEqual(test.y.toArray(), [2]);
  });

  it('refuses images and labels of different counts', () => {
    writeFileSync(join(set, 'train-labels-idx1-ubyte'), encodeIdx(0x08, [3], [4, 9, 1]));
    assertThrows(() => tl.io.readIdxDir(set), tl.DataError, /train-images-idx3-ubyte\.gz holds 2 images but .*train-labels-idx1-ubyte holds 3 labels/);
  });
});
