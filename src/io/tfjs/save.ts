import { createRequire } from 'node:module';
import { ArgumentError } from '../../errors.js';
import type { Compiled } from '../../nn/model/compileArgs.js';
import type { LayersModel } from '../../nn/model/layersModel.js';
import type { Files } from './atomicWrite.js';
import { nodeFiles } from './atomicWrite.js';
import { sha256 } from './checksum.js';
import { writeModelFiles } from './modelFiles.js';
import type { ModelJson } from './modelJson.js';
import { saveDirectory } from './paths.js';
import { trainingConfigOf } from './trainingConfig.js';
import { modelTopology } from './topology.js';
import type { NamedWeight } from './weights.js';
import { checkUniqueNames, encodeWeights } from './weights.js';

const { version } = createRequire(import.meta.url)('../../../package.json') as { version: string };

export interface SaveOptions {
  /**
   * Also save the optimizer's state (as TF.js does, a weight group 'optimizer'), so training
   * resumes after loading exactly as if it had not stopped. Needs a compiled model.
   */
  includeOptimizer?: boolean;
}

/** A model in the TF.js layers format, in memory: model.json naming a weights file, and that file's bytes. */
export interface ModelArtifacts {
  modelJson(weightsPath: string): ModelJson;
  data: Uint8Array;
}

/** `model` (with its optimizer's state if asked) as model.json and weight bytes, nothing written. */
export function modelArtifacts(model: LayersModel, compiled: Compiled | undefined, options: SaveOptions = {}): ModelArtifacts {
  const op = `${model.name}.save`;
  if (options.includeOptimizer === true && compiled === undefined) {
    throw new ArgumentError(`${op}: includeOptimizer needs a compiled model (call compile first)`);
  }
  const weights: NamedWeight[] = model.weights.map((v) => ({ name: v.name, tensor: v.tensor }));
  if (options.includeOptimizer === true) weights.push(...compiled!.optimizer.getWeights().map((w) => ({ ...w, group: 'optimizer' as const })));
  const { specs, data } = encodeWeights(weights);
  checkUniqueNames(op, specs);
  const base = {
    modelTopology: modelTopology(model),
    format: 'layers-model',
    generatedBy: `Tensile v${version}`,
    convertedBy: null,
    ...(compiled === undefined ? {} : { trainingConfig: trainingConfigOf(compiled) }),
  } as const;
  const checksum = sha256(data);
  return {
    modelJson: (weightsPath) => ({ ...base, weightsManifest: [{ paths: [weightsPath], weights: specs }], tensile: { sha256: { [weightsPath]: checksum } } }),
    data,
  };
}

/**
 * Writes `model` into the directory `path` (or `file://path`) in the TF.js layers format:
 * model.json (topology, weights manifest, training config when compiled, SHA-256 of the weights)
 * and weights.bin. The directory is created if needed; a previous model there is replaced
 * atomically (modelFiles.ts).
 */
export async function saveLayersModel(model: LayersModel, compiled: Compiled | undefined, path: string, options: SaveOptions = {}, files: Files = nodeFiles): Promise<void> {
  const dir = saveDirectory(`${model.name}.save`, path);
  const { modelJson, data } = modelArtifacts(model, compiled, options);
  await writeModelFiles(dir, (weightsPath) => JSON.stringify(modelJson(weightsPath)), data, files);
}
