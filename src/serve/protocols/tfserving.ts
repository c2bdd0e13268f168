import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { DataError } from '../../errors.js';
import { ModelNotFoundError } from '../errors.js';
import type { ServedModel } from '../repository/modelRegistry.js';
import { ScannedTensor, scanTensorBody } from '../json/tensorBodyScanner.js';
import type { HostTensor } from '../tensors/hostTensor.js';
import { fromNestedArray } from '../tensors/nestedArray.js';
import { toNested } from '../tensors/toNested.js';
import type { ProtocolContext } from './context.js';
import { parseBody } from './parseBody.js';

/**
 * TF Serving's REST API: `POST /v1/models/{name}[/versions/{v}]:predict` with `instances`
 * (row format: one sample per entry, answered as `predictions`) or `inputs` (columnar: the
 * batch as one tensor, answered as `outputs`); `GET /v1/models/{name}[/versions/{v}]` (status)
 * and `.../metadata` (signature). Errors are `{"error": "..."}` as TF Serving sends them.
 */
const exactlyOne = (b: { instances?: unknown; inputs?: unknown }): boolean => (b.instances === undefined) !== (b.inputs === undefined);
const EXACTLY_ONE = 'expected exactly one of "instances" or "inputs"';

const PredictBody = z.object({
  signature_name: z.string().optional(),
  instances: z.array(z.unknown()).min(1, 'expected at least one instance').optional(),
  inputs: z.unknown().optional(),
}).refine(exactlyOne, EXACTLY_ONE);

/** The same body as the fast path reads it: the samples already one tensor (tensorBodyScanner.ts). */
const ScannedPredictBody = z.object({
  signature_name: z.string().optional(),
  instances: z.instanceof(ScannedTensor).optional(),
  inputs: z.instanceof(ScannedTensor).optional(),
}).refine(exactlyOne, EXACTLY_ONE);

const TENSOR_KEYS: ReadonlySet<string> = new Set(['instances', 'inputs']);

const PREDICT_PATH = /^([^/:]+)(?:\/versions\/([^/:]+))?:predict$/;
const STATUS_PATH = /^([^/:]+)(?:\/versions\/([^/:]+))?(\/metadata)?$/;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The samples of a predict body, by row or by column, and a named input unwrapped. */
function samplesOf(model: ServedModel, body: z.infer<typeof PredictBody>): unknown {
  const input = model.signature.inputs[0]!;
  const named = (v: Record<string, unknown>, where: string): unknown => {
    if (!Object.hasOwn(v, input.name)) throw new DataError(`${where}: expected the input '${input.name}', found ${Object.keys(v).map((k) => `'${k}'`).join(', ') || 'no key'}`);
    return v[input.name];
  };
  if (body.instances !== undefined) {
    return body.instances.map((instance, i) => (isRecord(instance) ? named(instance, `instances[${i}]`) : instance));
  }
  return isRecord(body.inputs) ? named(body.inputs, 'inputs') : body.inputs;
}

/**
 * The request's samples as one tensor, and whether they came as `instances`. Bodies of numbers
 * only (the usual ones) are read straight from their bytes; any other body, and every bad one,
 * goes through JSON.parse and the checks that name what is wrong.
 */
function readPredict(ctx: ProtocolContext, name: string, version: string | undefined, body: unknown): { rows: boolean; input: HostTensor } {
  const served = ctx.registry.find(name, version);
  if (served !== undefined && body instanceof Uint8Array) {
    const scanned = ScannedPredictBody.safeParse(scanTensorBody(body, TENSOR_KEYS, served.signature.inputs[0]!.dtype));
    if (scanned.success) {
      const { instances, inputs } = scanned.data;
      return instances !== undefined ? { rows: true, input: instances } : { rows: false, input: inputs! };
    }
  }
  const parsed = parseBody('predict', PredictBody, body);
  const model = ctx.registry.resolve(name, version);
  const field = parsed.instances !== undefined ? 'instances' : 'inputs';
  return { rows: field === 'instances', input: fromNestedArray(field, samplesOf(model, parsed), model.signature.inputs[0]!.dtype) };
}

async function predict(ctx: ProtocolContext, name: string, version: string | undefined, body: unknown): Promise<unknown> {
  const { rows, input } = readPredict(ctx, name, version, body);
  const { output } = await ctx.infer(name, version, input);
  return rows ? { predictions: toNested(output) } : { outputs: toNested(output) };
}

function status(ctx: ProtocolContext, name: string, version: string | undefined): unknown {
  const model = ctx.registry.resolve(name, version);
  const ready = ctx.ready();
  return {
    model_version_status: [{
      version: String(model.version),
      state: ready ? 'AVAILABLE' : 'LOADING',
      status: { error_code: 'OK', error_message: '' },
    }],
  };
}

function metadata(ctx: ProtocolContext, name: string, version: string | undefined): unknown {
  const model = ctx.registry.resolve(name, version);
  const tensorInfo = (t: { name: string; dtype: string; shape: readonly (number | null)[] }): unknown => ({
    name: t.name,
    dtype: t.dtype === 'float32' ? 'DT_FLOAT' : 'DT_INT32',
    tensor_shape: { dim: t.shape.map((d) => ({ size: String(d ?? -1) })) },
  });
  return {
    model_spec: { name, version: String(model.version), signature_name: '' },
    metadata: { signature_def: { signature_def: { serving_default: {
      inputs: Object.fromEntries(model.signature.inputs.map((t) => [t.name, tensorInfo(t)])),
      outputs: Object.fromEntries(model.signature.outputs.map((t) => [t.name, tensorInfo(t)])),
      method_name: 'tensorflow/serving/predict',
    } } } },
  };
}

/** The part of the URL after /v1/models/ (the router has decoded it). */
const rest = (request: FastifyRequest): string => (request.params as { '*': string })['*'];

export function registerTfServing(app: FastifyInstance, ctx: ProtocolContext): void {
  app.post('/v1/models/*', { config: { protocol: 'tfserving' } }, async (request) => {
    const match = PREDICT_PATH.exec(rest(request));
    if (match === null) throw new ModelNotFoundError(`no TF Serving route POST ${request.url}; expected /v1/models/NAME[/versions/N]:predict`);
    return predict(ctx, match[1]!, match[2], request.body);
  });
  app.get('/v1/models/*', async (request) => {
    const match = STATUS_PATH.exec(rest(request));
    if (match === null) throw new ModelNotFoundError(`no TF Serving route GET ${request.url}; expected /v1/models/NAME[/versions/N][/metadata]`);
    return match[3] === undefined ? status(ctx, match[1]!, match[2]) : metadata(ctx, match[1]!, match[2]);
  });
}
