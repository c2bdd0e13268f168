import { isAbsolute, join, normalize, sep } from 'node:path';
import { DataError } from '../../errors.js';
import { readBytes } from '../files.js';
import { sha256 } from './checksum.js';
import type { ModelJson } from './modelJson.js';
import type { NamedWeight } from './weights.js';
import { decodeWeights } from './weights.js';

/** A manifest path inside the model's directory; a path that leads out of it is refused. */
function weightFile(modelJson: string, dir: string, path: string): string {
  const inside = normalize(path);
  if (isAbsolute(inside) || inside === '..' || inside.startsWith(`..${sep}`)) {
    throw new DataError(`${modelJson}: weightsManifest path '${path}' must be relative to the model's directory`);
  }
  return join(dir, inside);
}

/**
 * Every weight of the manifest, read from the files it lists (each group's files concatenated,
 * as TF.js shards them) and checked against the checksums model.json records.
 */
export function readWeightFiles(op: string, modelJson: string, dir: string, json: ModelJson): NamedWeight[] {
  return json.weightsManifest.flatMap((group) => {
    const parts = group.paths.map((path) => {
      const file = weightFile(modelJson, dir, path);
      const bytes = readBytes(op, file);
      const expected = json.tensile?.sha256[path];
      if (expected !== undefined && sha256(bytes) !== expected) {
        throw new DataError(`${file}: checksum mismatch: ${modelJson} records SHA-256 ${expected}, the file has ${sha256(bytes)}`);
      }
      return bytes;
    });
    const files = group.paths.map((p) => weightFile(modelJson, dir, p)).join(' + ');
    return decodeWeights(group.weights, Buffer.concat(parts), files);
  });
}
