import { parse } from 'csv-parse/sync';
import { DataError } from '../errors.js';
import { readBytes } from './files.js';

/** A CSV file as text cells: the header, then each data row with the file line it ends on. */
export interface CsvTable {
  readonly path: string;
  readonly header: string[];
  readonly rows: { readonly cells: string[]; readonly line: number }[];
}

// csv-parse's typings do not model `info: true`, which wraps each record with its position.
interface RecordWithInfo {
  record: string[];
  info: { lines: number };
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * Reads a CSV file with a header row. csv-parse handles quoting, embedded newlines, a byte-order
 * mark and rows of the wrong length (which it refuses, naming the line).
 */
export function readCsvTable(op: string, path: string): CsvTable {
  const bytes = readBytes(op, path);
  let records: RecordWithInfo[];
  try {
    records = parse(bytes, { info: true, bom: true, trim: true, skip_empty_lines: true }) as unknown as RecordWithInfo[];
  } catch (e) {
    throw new DataError(`${op}: ${path} is not valid CSV: ${(e as Error).message}`);
  }
  if (records.length < 2) {
    throw new DataError(`${op}: ${path} has ${records.length === 0 ? 'no rows' : 'only a header'}; expected a header row and at least one data row`);
  }
  const header = records[0]!.record;
  const repeated = header.find((name, i) => header.indexOf(name) !== i);
  if (repeated !== undefined) throw new DataError(`${op}: ${path} names column "${repeated}" twice in its header; expected distinct names`);
  return { path, header, rows: records.slice(1).map(({ record, info }) => ({ cells: record, line: info.lines })) };
}

/**
 * The number in row `r` (0-based, after the header), column `c`. Only plain decimal numbers pass:
 * an empty cell, NaN, Infinity or hex is almost always a data bug, so it is refused with its row,
 * column and value.
 */
export function cellNumber(op: string, table: CsvTable, r: number, c: number, hint = ''): number {
  const cell = table.rows[r]!.cells[c]!;
  if (!NUMBER.test(cell)) throw cellError(op, table, r, c, 'a number', hint);
  return Number(cell);
}

/** A DataError about one cell, naming the file, row, line, column and the value found. */
export function cellError(op: string, table: CsvTable, r: number, c: number, expected: string, hint = ''): DataError {
  const { cells, line } = table.rows[r]!;
  const found = cells[c] === '' ? 'an empty cell' : JSON.stringify(cells[c]);
  return new DataError(`${op}: ${table.path} row ${r + 1} (line ${line}), column "${table.header[c]}": expected ${expected}, found ${found}${hint}`);
}
