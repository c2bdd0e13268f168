import { dirname } from 'node:path';
import type { LayersModel } from '../../nn/model/layersModel.js';
import { readBytes } from '../files.js';
import { assignWeights } from './assignWeights.js';
import { JsonReader } from './jsonReader.js';
import { modelFromTopology } from './modelFromTopology.js';
import { parseModelJson } from './modelJson.js';
import type { ModelJson } from './modelJson.js';
import { modelJsonFile } from './paths.js';
import { readTrainingConfig } from './trainingConfig.js';
import type { TrainingSetup } from './trainingConfig.js';
import { readWeightFiles } from './weightFiles.js';
import type { NamedWeight } from './weights.js';

/**
 * Loads a model saved in the TF.js layers format, by Tensile or by TF.js: `path` is the model's
 * directory or its model.json, with or without `file://`. A model saved compiled comes back
 * compiled, with its optimizer's state when that was saved.
 */
export async function loadLayersModel(path: string): Promise<LayersModel> {
  const op = 'loadLayersModel';
  const file = modelJsonFile(op, path);
  const json = parseModelJson(readBytes(op, file).toString('utf8'), file);
  return restoreModel(json, readWeightFiles(op, file, dirname(file), json), file).model;
}

/**
 * The model model.json describes, with `saved` weights (and optimizer state), compiled as its
 * training config says; `setup` is what it was compiled with. `file` names the source in errors.
 */
export function restoreModel(json: ModelJson, saved: readonly NamedWeight[], file: string): { model: LayersModel; setup: TrainingSetup | undefined } {
  const model = modelFromTopology(json.modelTopology, file);
  assignWeights(model, saved.filter((w) => w.group === undefined), file);
  if (json.trainingConfig === undefined) return { model, setup: undefined };
  const read = new JsonReader(file);
  const setup = readTrainingConfig(read, json.trainingConfig);
  model.compile(setup);
  const state = saved.filter((w) => w.group === 'optimizer');
  if (state.length > 0) read.within('optimizer state', () => setup.optimizer.setWeights(state));
  return { model, setup };
}
