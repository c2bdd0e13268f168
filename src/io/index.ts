/** `tl.io`: data sets from files (IDX, CSV, the MNIST package), and models in the TF.js layers format. */
export { readIdx, readIdxImages, readIdxLabels } from './idx.js';
export type { IdxArray, IdxData, IdxDType, ImageOptions } from './idx.js';
export { readIdxDir } from './idxDir.js';
export { readCsv, readCsvFeatures, loadCsv } from './csv.js';
export type { CsvOptions, CsvData, CsvSplitOptions, CsvSplits } from './csv.js';
export { loadMnist } from './mnist.js';
export type { MnistOptions } from './mnist.js';
export { loadLayersModel } from './tfjs/load.js';
export { modelFromTopology } from './tfjs/modelFromTopology.js';
export type { SaveOptions } from './tfjs/save.js';
