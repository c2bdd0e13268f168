import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { DataError, ShapeError, fmtShape } from '../../errors.js';
import type { ServedModel } from '../repository/modelRegistry.js';
import type { HostTensor } from '../tensors/hostTensor.js';
import { fromDatatype, toDatatype } from '../tensors/datatypes.js';
import { ScannedTensor, scanTensorBody } from '../json/tensorBodyScanner.js';
import { fromNestedArray } from '../tensors/nestedArray.js';
import type { TensorSpec } from '../tensors/signature.js';
import type { ProtocolContext } from './context.js';
import { BinaryReader, HEADER_LENGTH, joinBinaryBody, splitBinaryBody } from './kserveBinary.js';
import { parseBody } from './parseBody.js';

/**
 * KServe v2 / Open Inference Protocol: health, server and model metadata, model readiness and
 * `POST /v2/models/{name}[/versions/{v}]/infer` with typed tensors, in JSON or with the binary
 * tensor data extension both ways (kserveBinary.ts). Not ready answers 503, so the health
 * endpoints serve as Kubernetes probes as they are.
 */
const InferInput = z.object({
  name: z.string(),
  shape: z.array(z.number().int().nonnegative()).max(8),
  datatype: z.string(),
  parameters: z.object({ binary_data_size: z.number().int().nonnegative().optional() }).optional(),
  data: z.unknown().optional(),
});

const InferBody = z.object({
  id: z.string().optional(),
  parameters: z.object({ binary_data_output: z.boolean().optional() }).optional(),
  inputs: z.array(InferInput).min(1, 'expected one input tensor'),
  outputs: z.array(z.object({ name: z.string(), parameters: z.object({ binary_data: z.boolean().optional() }).optional() })).optional(),
});

type InferBody = z.infer<typeof InferBody>;

const TENSOR_KEYS: ReadonlySet<string> = new Set(['data']);

const shapeSize = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

/** The request's one input tensor, checked against the model's input (name, datatype, size). */
function readInput(spec: TensorSpec, body: InferBody, binary: BinaryReader | undefined): HostTensor {
  if (body.inputs.length !== 1) throw new DataError(`inputs: the model takes one input ('${spec.name}'), found ${body.inputs.length}`);
  const input = body.inputs[0]!;
  const where = `inputs[0] ('${input.name}')`;
  if (input.name !== spec.name) throw new DataError(`inputs[0]: the model's input is '${spec.name}', found '${input.name}'`);
  const dtype = fromDatatype(where, input.datatype, spec.dtype);
  const elements = shapeSize(input.shape);
  const binarySize = input.parameters?.binary_data_size;
  if (binarySize !== undefined) {
    if (binary === undefined) throw new DataError(`${where}: binary_data_size is set but the request has no ${HEADER_LENGTH} header`);
    if (input.data !== undefined) throw new DataError(`${where}: has both "data" and binary_data_size`);
    const data = binary.take(where, binarySize, elements, (n) => (dtype === 'int32' ? new Int32Array(n) : new Float32Array(n)));
    binary.finish();
    return { dtype, shape: input.shape, data };
  }
  binary?.finish();
  if (input.data === undefined) throw new DataError(`${where}: expected "data" (or binary data with parameters.binary_data_size)`);
  // Scanned from the bytes with the model's dtype, which the datatype has just been checked against.
  const flat = input.data instanceof ScannedTensor ? input.data : fromNestedArray(`${where}.data`, input.data, dtype);
  if (flat.data.length !== elements) {
    throw new ShapeError(`${where}: shape ${fmtShape(input.shape)} needs ${elements} values, "data" has ${flat.data.length}`);
  }
  return { dtype, shape: input.shape, data: flat.data };
}

function checkOutputs(model: ServedModel, body: InferBody): boolean {
  const names = model.signature.outputs.map((o) => o.name);
  for (const o of body.outputs ?? []) {
    if (!names.includes(o.name)) throw new DataError(`outputs: the model has no output '${o.name}'; its outputs: ${names.map((n) => `'${n}'`).join(', ')}`);
  }
  return body.parameters?.binary_data_output === true || (body.outputs ?? []).some((o) => o.parameters?.binary_data === true);
}

async function infer(ctx: ProtocolContext, request: FastifyRequest, reply: FastifyReply, name: string, version: string | undefined): Promise<unknown> {
  const headerLength = request.headers[HEADER_LENGTH];
  let raw = request.body;
  let binary: BinaryReader | undefined;
  if (typeof headerLength === 'string') {
    const split = splitBinaryBody(raw as Buffer, headerLength);
    raw = split.header;
    binary = new BinaryReader(split.tail);
  }
  // The usual body, numbers only in "data", is read straight from its bytes; anything the scan
  // does not take is parsed as JSON. The same schema checks either.
  const known = ctx.registry.find(name, version);
  const scanned = known !== undefined && raw instanceof Uint8Array ? scanTensorBody(raw, TENSOR_KEYS, known.signature.inputs[0]!.dtype) : undefined;
  const body = parseBody('infer', InferBody, scanned ?? raw);
  const served = ctx.registry.resolve(name, version);
  const input = readInput(served.signature.inputs[0]!, body, binary);
  const binaryOutput = checkOutputs(served, body);
  const { model, output } = await ctx.infer(name, version, input);
  const spec = model.signature.outputs[0]!;
  const head = { model_name: name, model_version: String(model.version), ...(body.id === undefined ? {} : { id: body.id }) };
  const tensor = { name: spec.name, datatype: toDatatype(output.dtype), shape: output.shape };
  if (!binaryOutput) return { ...head, outputs: [{ ...tensor, data: Array.from(output.data) }] };
  const bytes = new Uint8Array(output.data.buffer, output.data.byteOffset, output.data.byteLength);
  const { body: out, headerLength: n } = joinBinaryBody({ ...head, outputs: [{ ...tensor, parameters: { binary_data_size: bytes.length } }] }, [bytes]);
  return reply.header('Inference-Header-Content-Length', n).type('application/octet-stream').send(out);
}

function metadata(ctx: ProtocolContext, name: string, version: string | undefined): unknown {
  const model = ctx.registry.resolve(name, version);
  const tensor = (t: TensorSpec): unknown => ({ name: t.name, datatype: toDatatype(t.dtype), shape: t.shape.map((d) => d ?? -1) });
  return { name, versions: [String(model.version)], platform: 'tensile_layers', inputs: model.signature.inputs.map(tensor), outputs: model.signature.outputs.map(tensor) };
}

function modelReady(ctx: ProtocolContext, reply: FastifyReply, name: string, version: string | undefined): unknown {
  ctx.registry.resolve(name, version);
  const ready = ctx.ready();
  return reply.code(ready ? 200 : 503).send({ name, ready });
}

interface ModelParams {
  name: string;
  version?: string;
}

export function registerKServe(app: FastifyInstance, ctx: ProtocolContext, serverVersion: string): void {
  app.get('/v2', async () => ({ name: 'tensile', version: serverVersion, extensions: ['binary_tensor_data'] }));
  app.get('/v2/health/live', async () => ({ live: true }));
  app.get('/v2/health/ready', async (_request, reply) => {
    const ready = ctx.ready();
    return reply.code(ready ? 200 : 503).send({ ready });
  });
  for (const prefix of ['/v2/models/:name', '/v2/models/:name/versions/:version']) {
    app.get<{ Params: ModelParams }>(prefix, async (request) => metadata(ctx, request.params.name, request.params.version));
    app.get<{ Params: ModelParams }>(`${prefix}/ready`, async (request, reply) => modelReady(ctx, reply, request.params.name, request.params.version));
    app.post<{ Params: ModelParams }>(`${prefix}/infer`, { config: { protocol: 'kserve' } }, async (request, reply) => {
      return infer(ctx, request, reply, request.params.name, request.params.version);
    });
  }
}
