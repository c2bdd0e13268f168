/** `tl.io`: reading data sets from files (IDX, CSV) and the MNIST package. */
export { readIdx, readIdxImages, readIdxLabels } from './idx.js';
export type { IdxArray, IdxData, IdxDType, ImageOptions } from './idx.js';
export { readIdxDir } from './idxDir.js';
export { readCsv, readCsvFeatures, loadCsv } from './csv.js';
export type { CsvOptions, CsvData, CsvSplitOptions, CsvSplits } from './csv.js';
export { loadMnist } from './mnist.js';
export type { MnistOptions } from './mnist.js';
