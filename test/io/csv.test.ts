import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';
import * as tl from '../../src/index.js';
import { assertThrows } from '../tensor/util.js';

const iris = fileURLToPath(new URL('../fixtures/iris-sample.csv', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'tensile-csv-'));
after(() => rmSync(dir, { recursive: true, force: true }));

let files = 0;
function csv(text: string): string {
  const path = join(dir, `t${files++}.csv`);
  writeFileSync(path, text);
  return path;
}

const rows = (x: tl.Tensor): number[][] => x.toArray() as number[][];

describe('readCsv', () => {
  it('reads numeric features and maps class names to sorted ids', () => {
    const data = tl.io.readCsv(iris, { label: 'species', mapLabels: true });
    assert.deepEqual([data.x.dtype, data.x.shape], ['float32', [12, 4]]);
    assert.deepEqual(rows(data.x)[0], [5.1, 3.5, 1.4, 0.2].map(Math.fround));
    assert.deepEqual(rows(data.x)[11], [6.3, 2.9, 5.6, 1.8].map(Math.fround));
    assert.deepEqual(data.featureNames, ['sepal_length', 'sepal_width', 'petal_length', 'petal_width']);
    assert.equal(data.labelName, 'species');
    assert.deepEqual(data.classes, ['setosa', 'versicolor', 'virginica']);
    assert.deepEqual([data.y.dtype, data.y.toArray()], ['int32', [0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2]]);
  });

  it('takes the label column by index, negative from the end, anywhere in the row', () => {
    const byName = tl.io.readCsv(iris, { label: 'species', mapLabels: true });
    for (const label of [4, -1]) assert.deepEqual(tl.io.readCsv(iris, { label, mapLabels: true }).y.toArray(), byName.y.toArray());
    const first = tl.io.readCsv(csv('y,a,b\n1,2,3\n0,4,5\n'), { label: 0 });
    assert.deepEqual([first.featureNames, rows(first.x), first.y.toArray()], [['a', 'b'], [[2, 3], [4, 5]], [1, 0]]);
  });

  it('numeric labels are int32 when all are integers, float32 otherwise; no classes', () => {
    const ints = tl.io.readCsv(csv('a,label\n1.5,2\n-3,0\n'), { label: 'label' });
    assert.deepEqual([ints.y.dtype, ints.y.toArray(), ints.classes], ['int32', [2, 0], null]);
    const floats = tl.io.readCsv(csv('a,target\n1,0.25\n2,-1e2\n'), { label: 'target' });
    assert.deepEqual([floats.y.dtype, floats.y.toArray()], ['float32', [0.25, -100]]);
  });

  it('numeric class names sort as numbers', () => {
    const data = tl.io.readCsv(csv('a,k\n1,10\n2,2\n3,1\n4,2\n'), { label: 'k', mapLabels: true });
    assert.deepEqual([data.classes, data.y.toArray()], [['1', '2', '10'], [2, 1, 0, 1]]);
  });

  it('handles quotes, CRLF line ends, a byte-order mark, spaces around cells and blank lines', () => {
    const data = tl.io.readCsv(csv('\uFEFF"a", b ,"label"\r\n "1.5" ,2,"x, y"\r\n\r\n3,4,z\r\n'), { label: 'label', mapLabels: true });
    assert.deepEqual([rows(data.x), data.featureNames, data.classes], [[[1.5, 2], [3, 4]], ['a', 'b'], ['x, y', 'z']]);
  });
});

describe('malformed CSV', () => {
  it('a non-numeric, empty, NaN or infinite feature names its row, line, column and value', () => {
    assertThrows(() => tl.io.readCsv(csv('a,b,y\n1,2,0\n3,abc,1\n'), { label: 'y' }), tl.DataError,
      /readCsv: .*\.csv row 2 \(line 3\), column "b": expected a number, found "abc"$/);
    assertThrows(() => tl.io.readCsv(csv('a,b,y\n1,,0\n'), { label: 'y' }), tl.DataError, /row 1 \(line 2\), column "b": expected a number, found an empty cell/);
    assertThrows(() => tl.io.readCsv(csv('a,y\nNaN,0\n'), { label: 'y' }), tl.DataError, /column "a": expected a number, found "NaN"/);
    assertThrows(() => tl.io.readCsv(csv('a,y\n1,0\nInfinity,0\n'), { label: 'y' }), tl.DataError, /row 2 .*found "Infinity"/);
  });

  it('class names without mapLabels, and empty class names, are refused', () => {
    assertThrows(() => tl.io.readCsv(iris, { label: 'species' }), tl.DataError,
      /row 1 \(line 2\), column "species": expected a number, found "setosa" \(pass mapLabels: true if the labels are class names\)/);
    assertThrows(() => tl.io.readCsv(csv('a,y\n1,cat\n2,\n'), { label: 'y', mapLabels: true }), tl.DataError,
      /row 2 \(line 3\), column "y": expected a class name, found an empty cell/);
  });

  it('a label column that does not exist lists the columns', () => {
    assertThrows(() => tl.io.readCsv(iris, { label: 'class' }), tl.ArgumentError, /has no column "class"; its columns are sepal_length, sepal_width, petal_length, petal_width, species/);
    assertThrows(() => tl.io.readCsv(iris, { label: 5 }), tl.ArgumentError, /expected label to be a column name or an index in \[-5, 5\) for the 5 columns of .*, found 5/);
  });

  it('rows of the wrong length, an unclosed quote, a repeated column name', () => {
    assertThrows(() => tl.io.readCsv(csv('a,b,y\n1,2,0\n1,2,3,4\n'), { label: 'y' }), tl.DataError, /is not valid CSV: .*expect 3, got 4 on line 3/);
    assertThrows(() => tl.io.readCsv(csv('a,y\n"1,0\n'), { label: 'y' }), tl.DataError, /is not valid CSV: Quote Not Closed/);
    assertThrows(() => tl.io.readCsv(csv('a,a,y\n1,2,0\n'), { label: 'y' }), tl.DataError, /names column "a" twice in its header/);
  });

  it('a file with nothing but the label column', () => {
    assertThrows(() => tl.io.readCsv(csv('y\n1\n'), { label: 'y' }), tl.DataError, /has only the label column "y"; expected feature columns too/);
  });

  it('an empty file, a header alone, a missing file', () => {
    assertThrows(() => tl.io.readCsv(csv(''), { label: 'y' }), tl.DataError, /has no rows; expected a header row and at least one data row/);
    assertThrows(() => tl.io.readCsv(csv('a,y\n'), { label: 'y' }), tl.DataError, /has only a header; expected a header row and at least one data row/);
    assertThrows(() => tl.io.readCsv(join(dir, 'absent.csv'), { label: 'y' }), tl.IOError, /readCsv: .*absent\.csv does not exist/);
  });
});

describe('readCsvFeatures', () => {
  it('reads every column as a feature', () => {
    const { x, featureNames } = tl.io.readCsvFeatures(csv('a,b\n1,2\n3,4\n'));
    assert.deepEqual([rows(x), featureNames], [[[1, 2], [3, 4]], ['a', 'b']]);
    assertThrows(() => tl.io.readCsvFeatures(iris), tl.DataError, /readCsvFeatures: .*row 1 \(line 2\), column "species": expected a number, found "setosa"/);
  });
});

describe('loadCsv', () => {
  const options = { label: 'species', mapLabels: true, testSplit: 0.25, seed: 3 };

  it('splits with a seed and standardises both splits with the training statistics', () => {
    const raw = tl.io.loadCsv(iris, { ...options, standardize: false });
    const scaled = tl.io.loadCsv(iris, options);
    assert.deepEqual([scaled.train.x.shape, scaled.test.x.shape], [[9, 4], [3, 4]]);
    assert.deepEqual([scaled.classes, scaled.labelName, raw.standardizer], [['setosa', 'versicolor', 'virginica'], 'species', null]);
    const { mean, std } = scaled.standardizer!;
    assert.deepEqual(Array.from(mean.values), Array.from(tl.data.fitStandardizer(raw.train.x).mean.values));
    for (const [split, rawSplit] of [[scaled.train, raw.train], [scaled.test, raw.test]] as const) {
      assert.deepEqual(split.y.toArray(), rawSplit.y.toArray());
      rawSplit.x.values.forEach((v, i) => {
        const c = i % 4;
        assert.ok(Math.abs(split.x.values[i]! - (v - mean.values[c]!) / std.values[c]!) < 1e-6);
      });
    }
    for (const m of scaled.train.x.mean(0).values) assert.ok(Math.abs(m) < 1e-6, `train column mean ${m}`);
  });

  it('the same seed gives the same split; the two splits hold every row once', () => {
    const a = tl.io.loadCsv(iris, { ...options, standardize: false });
    const b = tl.io.loadCsv(iris, { ...options, standardize: false });
    assert.deepEqual(rows(a.test.x), rows(b.test.x));
    const all = rows(tl.io.readCsv(iris, options).x).map(String).sort();
    assert.deepEqual([...rows(a.train.x), ...rows(a.test.x)].map(String).sort(), all);
  });
});
