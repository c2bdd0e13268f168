import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { LabeledData, TrainTestData } from '../data/split.js';
import { DataError, IOError } from '../errors.js';
import type { IdxArray, ImageOptions } from './idx.js';
import { idxImagesToTensor, idxLabelsToTensor, readIdx } from './idx.js';

/** The four files of an MNIST-style data set, named as MNIST distributes them. */
export const IDX_SET_FILES = ['train-images-idx3-ubyte', 'train-labels-idx1-ubyte', 't10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte'] as const;
export type IdxSetFile = (typeof IDX_SET_FILES)[number];

/** One parsed file of the set, and how errors should name it. */
export interface IdxSetEntry {
  readonly idx: IdxArray;
  readonly source: string;
}

/** Train and test splits from the four files; `read` parses one of them. */
export function idxSplits(op: string, read: (file: IdxSetFile) => IdxSetEntry, options: ImageOptions): TrainTestData {
  const split = (imagesFile: IdxSetFile, labelsFile: IdxSetFile): LabeledData => {
    const images = read(imagesFile);
    const labels = read(labelsFile);
    const x = idxImagesToTensor(op, images.idx, images.source, options);
    const y = idxLabelsToTensor(op, labels.idx, labels.source);
    if (x.shape[0] !== y.shape[0]) {
      throw new DataError(`${op}: ${images.source} holds ${x.shape[0]} images but ${labels.source} holds ${y.shape[0]} labels; expected one label per image`);
    }
    return { x, y };
  };
  return { train: split('train-images-idx3-ubyte', 'train-labels-idx1-ubyte'), test: split('t10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte') };
}

/**
 * Reads an MNIST-style directory: train-images-idx3-ubyte, train-labels-idx1-ubyte,
 * t10k-images-idx3-ubyte and t10k-labels-idx1-ubyte, each raw or gzipped (`.gz`). Images come as
 * ImageOptions say (by default float32 in [0, 1], [n, rows, cols, 1]), labels as int32 [n].
 */
export function readIdxDir(dir: string, options: ImageOptions = {}): TrainTestData {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new IOError(`readIdxDir: ${dir} is not a directory`);
  const found = new Map<IdxSetFile, string>();
  for (const file of IDX_SET_FILES) {
    const path = [join(dir, file), join(dir, `${file}.gz`)].find((p) => existsSync(p));
    if (path !== undefined) found.set(file, path);
  }
  // Every missing file in one message, before any parsing.
  const missing = IDX_SET_FILES.filter((file) => !found.has(file));
  if (missing.length > 0) {
    throw new IOError(`readIdxDir: ${dir} has no ${missing.map((f) => `${f} (or ${f}.gz)`).join(', ')}; expected the four files ${IDX_SET_FILES.join(', ')}`);
  }
  return idxSplits('readIdxDir', (file) => {
    const path = found.get(file)!;
    return { idx: readIdx(path), source: path };
  }, options);
}
