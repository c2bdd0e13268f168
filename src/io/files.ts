import { readFileSync } from 'node:fs';
import { IOError } from '../errors.js';

/** The bytes of `path`, or an IOError that names the file and what went wrong instead of a bare errno. */
export function readBytes(op: string, path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new IOError(`${op}: ${path} does not exist`);
    if (code === 'EISDIR') throw new IOError(`${op}: ${path} is a directory, expected a file`);
    throw new IOError(`${op}: cannot read ${path}: ${(e as Error).message}`);
  }
}
