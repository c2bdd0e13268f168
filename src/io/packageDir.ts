import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { IOError } from '../errors.js';

const require = createRequire(import.meta.url);

/** The folder of an installed npm package, or an IOError that says which package to install. */
export function packageDir(op: string, name: string, version: string): string {
  try {
    return dirname(require.resolve(`${name}/package.json`));
  } catch {
    throw new IOError(`${op}: the npm package '${name}' is not installed; install it with \`npm install ${name}@${version}\``);
  }
}
