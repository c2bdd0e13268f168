import type { LabeledData, TrainTestData } from '../data/split.js';
import { trainTestSplit } from '../data/split.js';
import type { Standardizer } from '../data/standardizer.js';
import { fitStandardizer } from '../data/standardizer.js';
import { ArgumentError, DataError } from '../errors.js';
import { Tensor } from '../tensor/tensor.js';
import type { CsvTable } from './csvTable.js';
import { cellError, cellNumber, readCsvTable } from './csvTable.js';

export interface CsvOptions {
  /** The label column: its name in the header, or its 0-based index (negative counts from the end). */
  label: string | number;
  /**
   * The labels are class names: map them to ids 0..k-1 in sorted order (numeric order when every
   * name is a number) and return the names as `classes`. Without it, labels must be numbers: int32
   * when all are integers, else float32.
   */
  mapLabels?: boolean;
}

export interface CsvData extends LabeledData {
  /** x's columns: every column but the label's, in file order. */
  readonly featureNames: string[];
  readonly labelName: string;
  /** With `mapLabels`, `classes[id]` is the name of class `id`; otherwise null. */
  readonly classes: string[] | null;
}

export interface CsvSplitOptions extends CsvOptions {
  /** Fraction of rows held out for testing (default 0.2), drawn at random with `seed`. */
  testSplit?: number;
  seed?: number;
  /** Standardise features with the training split's mean and std (default true). */
  standardize?: boolean;
}

export interface CsvSplits extends TrainTestData {
  readonly featureNames: string[];
  readonly labelName: string;
  readonly classes: string[] | null;
  /** The statistics applied to both splits (apply them to new inputs too), or null without `standardize`. */
  readonly standardizer: Standardizer | null;
}

function labelColumn(table: CsvTable, label: unknown): number {
  const n = table.header.length;
  if (typeof label === 'string') {
    const i = table.header.indexOf(label);
    if (i < 0) throw new ArgumentError(`readCsv: ${table.path} has no column "${label}"; its columns are ${table.header.join(', ')}`);
    return i;
  }
  if (typeof label !== 'number' || !Number.isInteger(label) || label < -n || label >= n) {
    throw new ArgumentError(`readCsv: expected label to be a column name or an index in [${-n}, ${n}) for the ${n} columns of ${table.path}, found ${String(label)}`);
  }
  return label < 0 ? label + n : label;
}

function featureMatrix(op: string, table: CsvTable, columns: readonly number[]): Tensor {
  const rows = table.rows.length;
  const out = new Float32Array(rows * columns.length);
  for (let r = 0; r < rows; r++) {
    columns.forEach((c, k) => {
      out[r * columns.length + k] = cellNumber(op, table, r, c);
    });
  }
  return new Tensor(out, [rows, columns.length]);
}

function numericLabels(table: CsvTable, c: number): Tensor {
  const values = table.rows.map((_, r) => cellNumber('readCsv', table, r, c, ' (pass mapLabels: true if the labels are class names)'));
  const integers = values.every((v) => Number.isInteger(v) && Math.abs(v) < 2 ** 31);
  return new Tensor(integers ? Int32Array.from(values) : Float32Array.from(values), [values.length]);
}

function classLabels(table: CsvTable, c: number): { y: Tensor; classes: string[] } {
  const names = table.rows.map(({ cells }, r) => {
    if (cells[c] === '') throw cellError('readCsv', table, r, c, 'a class name');
    return cells[c]!;
  });
  const distinct = [...new Set(names)];
  // Plain sort() compares UTF-16 code units, so ids do not depend on the machine's locale.
  const classes = distinct.every((name) => Number.isFinite(Number(name)))
    ? distinct.sort((a, b) => Number(a) - Number(b))
    : distinct.sort();
  const ids = new Map(classes.map((name, id) => [name, id]));
  return { y: new Tensor(Int32Array.from(names, (name) => ids.get(name)!), [names.length]), classes };
}

/**
 * Reads a CSV file with a header row: the label column becomes y, every other column (all numeric)
 * a float32 x of shape [rows, features]. Bad cells are refused with their row, column and value.
 */
export function readCsv(path: string, { label, mapLabels = false }: CsvOptions): CsvData {
  const table = readCsvTable('readCsv', path);
  const labelAt = labelColumn(table, label);
  const featureColumns = table.header.map((_, i) => i).filter((i) => i !== labelAt);
  if (featureColumns.length === 0) throw new DataError(`readCsv: ${path} has only the label column "${table.header[labelAt]}"; expected feature columns too`);
  const x = featureMatrix('readCsv', table, featureColumns);
  const { y, classes } = mapLabels ? classLabels(table, labelAt) : { y: numericLabels(table, labelAt), classes: null };
  return { x, y, featureNames: featureColumns.map((i) => table.header[i]!), labelName: table.header[labelAt]!, classes };
}

/** Reads a CSV file of features only (every column numeric), as inputs for `predict`. */
export function readCsvFeatures(path: string): { x: Tensor; featureNames: string[] } {
  const table = readCsvTable('readCsvFeatures', path);
  return { x: featureMatrix('readCsvFeatures', table, table.header.map((_, i) => i)), featureNames: table.header };
}

/**
 * readCsv, then a seeded train/test split, then (by default) standardisation fitted on the
 * training split only, so no statistic of the test rows leaks into training.
 */
export function loadCsv(path: string, { testSplit = 0.2, seed, standardize = true, ...options }: CsvSplitOptions): CsvSplits {
  const { featureNames, labelName, classes, ...data } = readCsv(path, options);
  const { train, test } = trainTestSplit(data, { testSplit, seed });
  const standardizer = standardize ? fitStandardizer(train.x) : null;
  const scaled = (split: LabeledData): LabeledData => (standardizer === null ? split : { x: standardizer.apply(split.x), y: split.y });
  return { train: scaled(train), test: scaled(test), featureNames, labelName, classes, standardizer };
}
