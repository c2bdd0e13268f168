import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Standardizer } from '../data/standardizer.js';
import { DataError } from '../errors.js';
import { nodeFiles } from '../io/tfjs/atomicWrite.js';
import { tensor } from '../tensor/ops/creation.js';

/**
 * What the CLI did to the data before the model saw it, kept beside the model (preprocessing.json)
 * so `predict` feeds new samples the same way: the CSV standardisation and the class names.
 */
export interface Preprocessing {
  standardizer?: Standardizer;
  classes?: string[];
}

const FILE = 'preprocessing.json';

/** Writes preprocessing.json atomically (temporary file, flush, rename) next to a saved model. */
export async function writePreprocessing(dir: string, p: Preprocessing): Promise<void> {
  const json = JSON.stringify({
    ...(p.standardizer === undefined ? {} : { mean: Array.from(p.standardizer.mean.dataSync()), std: Array.from(p.standardizer.std.dataSync()) }),
    ...(p.classes === undefined ? {} : { classes: p.classes }),
  });
  const temp = join(dir, `.${FILE}.${process.pid}.tmp`);
  await nodeFiles.writeDurable(temp, json);
  await nodeFiles.rename(temp, join(dir, FILE));
  await nodeFiles.syncDir(dir);
}

const numbers = (v: unknown): v is number[] => Array.isArray(v) && v.every((n) => typeof n === 'number' && Number.isFinite(n));

/** The preprocessing saved with a model; none when the model was trained without any. */
export function readPreprocessing(dir: string): Preprocessing {
  const path = join(dir, FILE);
  if (!existsSync(path)) return {};
  let raw: { mean?: unknown; std?: unknown; classes?: unknown };
  try {
    raw = JSON.parse(readFileSync(path, 'utf8')) as typeof raw;
  } catch (err) {
    throw new DataError(`${path}: expected JSON, ${(err as Error).message}`);
  }
  const out: Preprocessing = {};
  if (raw.mean !== undefined || raw.std !== undefined) {
    if (!numbers(raw.mean) || !numbers(raw.std) || raw.mean.length !== raw.std.length || raw.std.some((s) => s <= 0)) {
      throw new DataError(`${path}: expected "mean" and "std" as equally long arrays of finite numbers (std > 0)`);
    }
    out.standardizer = new Standardizer(tensor(raw.mean), tensor(raw.std));
  }
  if (raw.classes !== undefined) {
    if (!Array.isArray(raw.classes) || !raw.classes.every((c) => typeof c === 'string')) {
      throw new DataError(`${path}: expected "classes" to be an array of strings`);
    }
    out.classes = raw.classes;
  }
  return out;
}
