import { join } from 'node:path';
import { ArgumentError } from '../../errors.js';
import { MODEL_JSON } from './modelFiles.js';

/** A local path as TF.js' file handler takes it: with or without the `file://` scheme. */
function localPath(op: string, path: unknown): string {
  if (typeof path !== 'string' || path === '' || path === 'file://') {
    throw new ArgumentError(`${op}: expected a directory path or 'file://' URL, found ${JSON.stringify(path)}`);
  }
  return path.startsWith('file://') ? path.slice('file://'.length) : path;
}

/** The directory a model is saved into. */
export function saveDirectory(op: string, path: unknown): string {
  const local = localPath(op, path);
  if (local.endsWith('.json')) {
    throw new ArgumentError(`${op}: expected a directory (model.json and weights.bin are written into it), found the file path '${local}'`);
  }
  return local;
}

/** model.json of a saved model: the path itself when it names a .json file, else model.json inside it. */
export function modelJsonFile(op: string, path: unknown): string {
  const local = localPath(op, path);
  return local.endsWith('.json') ? local : join(local, MODEL_JSON);
}
