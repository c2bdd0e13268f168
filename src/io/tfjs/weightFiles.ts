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
    const files = group.paths.map((path) => ({ path, file: weightFile(modelJson, dir, path) }));
    const parts = files.map(({ file }) => readBytes(op, file));
    // Sizes first: "truncated" says more than the checksum mismatch it also causes.
    const weights = decodeWeights(group.weights, Buffer.concat(parts), files.map((f) => f.file).join(' + '));
    files.forEach(({ path, file }, i) => {
      const expected = json.tensile?.sha256[path];
      const found = sha256(parts[i]!);
      if (expected !== undefined && found !== expected) {
        throw new DataError(`${file}: checksum mismatch: ${modelJson} records SHA-256 ${expected}, the file has ${found}`);
      }
    });
    return weights;
  });
}
