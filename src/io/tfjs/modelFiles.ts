import { join } from 'node:path';
import { IOError } from '../../errors.js';
import type { Files } from './atomicWrite.js';
import { nodeFiles, replaceFile, uniqueSuffix } from './atomicWrite.js';

export const MODEL_JSON = 'model.json';
export const WEIGHTS_BIN = 'weights.bin';

/**
 * Writes `dir/model.json` and `dir/weights.bin` so that at every instant, crash included,
 * model.json describes a complete weights file whose checksum it holds: the previous model
 * until the first commit, the new one from then on.
 *
 * Two files cannot be renamed in one step, so model.json is the commit point and never names
 * a weights file that is being written:
 *   1. the new weights go to a fresh name, `weights.<id>.bin`;
 *   2. model.json is replaced by one that names it (commit: the new model is in place);
 *   3. weights.bin is replaced by the new weights (no committed model.json names it now);
 *   4. model.json is replaced by one that names weights.bin;
 *   5. `weights.<id>.bin` is removed.
 * Each replacement is atomic (atomicWrite.ts). `modelJson(path)` is model.json naming `path`.
 */
export async function writeModelFiles(dir: string, modelJson: (weightsPath: string) => string, weights: Uint8Array, files: Files = nodeFiles): Promise<void> {
  const staged = `weights.${uniqueSuffix()}.bin`;
  try {
    await files.mkdir(dir);
    try {
      await files.writeDurable(join(dir, staged), weights);
      await replaceFile(files, join(dir, MODEL_JSON), modelJson(staged));
    } catch (err) {
      await files.unlink(join(dir, staged)).catch(() => undefined);
      throw err;
    }
    await replaceFile(files, join(dir, WEIGHTS_BIN), weights);
    await replaceFile(files, join(dir, MODEL_JSON), modelJson(WEIGHTS_BIN));
    await files.unlink(join(dir, staged));
    await files.syncDir(dir);
  } catch (err) {
    throw new IOError(`save: cannot write the model to ${dir}: ${(err as Error).message}`, { cause: err });
  }
}
