import { dirname } from 'node:path';
import type { LayersModel } from '../../nn/model/layersModel.js';
import { readBytes } from '../files.js';
import { assignWeights } from './assignWeights.js';
import { JsonReader } from './jsonReader.js';
import { modelFromTopology } from './modelFromTopology.js';
import { parseModelJson } from './modelJson.js';
import { modelJsonFile } from './paths.js';
import { readTrainingConfig } from './trainingConfig.js';
import { readWeightFiles } from './weightFiles.js';

/**
 * Loads a model saved in the TF.js layers format, by Tensile or by TF.js: `path` is the model's
 * directory or its model.json, with or without `file://`. A model saved compiled comes back
 * compiled, with its optimizer's state when that was saved.
 */
export async function loadLayersModel(path: string): Promise<LayersModel> {
  const op = 'loadLayersModel';
  const file = modelJsonFile(op, path);
  const json = parseModelJson(readBytes(op, file).toString('utf8'), file);
  const model = modelFromTopology(json.modelTopology, file);
  const saved = readWeightFiles(op, file, dirname(file), json);
  assignWeights(model, saved.filter((w) => w.group === undefined), file);
  if (json.trainingConfig !== undefined) {
    const read = new JsonReader(file);
    const setup = readTrainingConfig(read, json.trainingConfig);
    model.compile(setup);
    const state = saved.filter((w) => w.group === 'optimizer');
    if (state.length > 0) read.within('optimizer state', () => setup.optimizer.setWeights(state));
  }
  return model;
}
