/**
 * model.json of the TF.js layers format: the model's topology, the manifest of its weight files,
 * and, for a compiled model, its training config. Tensile adds `tensile.sha256` (checksums of
 * the weight files), which TF.js ignores.
 */
import { DataError } from '../../errors.js';
import { isDType } from '../../tensor/dtype.js';
import { JsonReader } from './jsonReader.js';
import type { JsonObject, JsonValue } from './pythonic.js';
import type { WeightSpec } from './weights.js';

export interface WeightsGroup {
  /** Files, relative to model.json, whose concatenated bytes hold `weights`. */
  paths: string[];
  weights: WeightSpec[];
}

export interface ModelJson {
  format: 'layers-model';
  generatedBy: string;
  convertedBy: string | null;
  modelTopology: JsonObject;
  weightsManifest: WeightsGroup[];
  trainingConfig?: JsonObject;
  tensile?: { sha256: Record<string, string> };
}

function readSpec(read: JsonReader, field: string, value: unknown): WeightSpec {
  const { name, shape, dtype, group, quantization } = read.object(field, value);
  if (quantization !== undefined) read.fail(`${field}.quantization`, 'absent (quantized weights are not supported)', quantization);
  const spec: WeightSpec = {
    name: read.string(`${field}.name`, name),
    shape: read.array(`${field}.shape`, shape).map((d, i) => read.index(`${field}.shape[${i}]`, d)),
    dtype: isDType(dtype) ? dtype : read.fail(`${field}.dtype`, "'float32' or 'int32'", dtype),
  };
  // TF.js gives only the 'optimizer' group a meaning; any other group holds model weights.
  if (group === 'optimizer') spec.group = group;
  return spec;
}

function readGroup(read: JsonReader, field: string, value: unknown): WeightsGroup {
  const { paths, weights } = read.object(field, value);
  const list = read.array(`${field}.paths`, paths);
  if (list.length === 0) read.fail(`${field}.paths`, 'a non-empty array of file names', paths);
  return {
    paths: list.map((p, i) => read.string(`${field}.paths[${i}]`, p)),
    weights: read.array(`${field}.weights`, weights).map((w, i) => readSpec(read, `${field}.weights[${i}]`, w)),
  };
}

function readChecksums(read: JsonReader, field: string, value: unknown): Record<string, string> {
  const sums = read.object(field, value);
  for (const [path, sum] of Object.entries(sums)) {
    if (typeof sum !== 'string' || !/^[0-9a-f]{64}$/.test(sum)) read.fail(`${field}['${path}']`, 'a SHA-256 hex digest', sum);
  }
  return sums as Record<string, string>;
}

/** Parses and checks model.json (`file` names it in errors). */
export function parseModelJson(text: string, file: string): ModelJson {
  let parsed: JsonValue;
  try {
    parsed = JSON.parse(text) as JsonValue;
  } catch (err) {
    throw new DataError(`${file}: not valid JSON (${(err as Error).message})`);
  }
  const read = new JsonReader(file);
  const json = read.object('model.json', parsed);
  // Older TF.js files have no format; a graph model (from the converter) is another format altogether.
  if (json['format'] !== undefined && json['format'] !== 'layers-model') read.fail('format', "'layers-model'", json['format']);
  const result: ModelJson = {
    format: 'layers-model',
    generatedBy: typeof json['generatedBy'] === 'string' ? json['generatedBy'] : '',
    convertedBy: typeof json['convertedBy'] === 'string' ? json['convertedBy'] : null,
    modelTopology: read.object('modelTopology', json['modelTopology']),
    weightsManifest: read.array('weightsManifest', json['weightsManifest']).map((g, i) => readGroup(read, `weightsManifest[${i}]`, g)),
  };
  if (json['trainingConfig'] !== undefined && json['trainingConfig'] !== null) {
    result.trainingConfig = read.object('trainingConfig', json['trainingConfig']);
  }
  if (json['tensile'] !== undefined) {
    result.tensile = { sha256: readChecksums(read, 'tensile.sha256', read.object('tensile', json['tensile'])['sha256']) };
  }
  return result;
}
