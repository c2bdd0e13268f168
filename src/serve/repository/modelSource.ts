import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { ArgumentError, IOError } from '../../errors.js';

/** A served model's name and the directory its versions live in. */
export interface ModelSource {
  readonly name: string;
  readonly dir: string;
}

/** What a model may be called: it appears in URLs and metric labels, and never names a path. */
const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;

/** `NAME=DIR`, or `DIR` (named after its last path component). */
export function parseModelSource(spec: string): ModelSource {
  const eq = spec.indexOf('=');
  const dir = resolve(eq < 0 ? spec : spec.slice(eq + 1));
  const name = eq < 0 ? basename(dir) : spec.slice(0, eq);
  if (!NAME.test(name)) {
    throw new ArgumentError(`serve: model name '${name}' must be letters, digits, '_', '.' or '-', starting with a letter or digit`);
  }
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new IOError(`serve: model directory '${dir}' does not exist`);
  return { name, dir };
}

/**
 * The versions in a model directory: its numeric subdirectories holding a model.json (`DIR/1`,
 * `DIR/2`, ...), as TF Serving lays them out. A directory that holds model.json itself is
 * version 1 of an unversioned model.
 */
export function listVersions(dir: string): number[] {
  const versions = readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && /^[1-9][0-9]{0,8}$/.test(e.name) && existsSync(join(dir, e.name, 'model.json')))
    .map((e) => Number(e.name))
    .sort((a, b) => a - b);
  if (versions.length === 0 && existsSync(join(dir, 'model.json'))) return [1];
  return versions;
}

/** The directory holding one version of a model. */
export function versionDir(dir: string, version: number): string {
  const sub = join(dir, String(version));
  return existsSync(join(sub, 'model.json')) ? sub : dir;
}

/** The latest modification time of the files in a directory: changes whenever one is written. */
export function filesStamp(dir: string): number {
  return Math.max(0, ...readdirSync(dir).map((f) => statSync(join(dir, f)).mtimeMs));
}
