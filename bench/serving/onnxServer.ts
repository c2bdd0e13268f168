/**
 * The peer a Node user would pick today: onnxruntime-node running the model (an ONNX file given
 * as argv[2], exported from PyTorch) behind fastify, answering TF Serving style
 * `POST /v1/models/mnist:predict` bodies (`{"instances": [[784 numbers], ...]}`) with
 * `{"predictions": ...}`, the same requests the Tensile server takes in the benchmark. One
 * intra-op thread: on 2 cores shared with the load generator it serves more than with the
 * default (DESIGN.md section 7), so the peer is at its best. Prints `{"url": ...}`, closes when
 * its stdin ends.
 */
import Fastify from 'fastify';
import { rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';

const session = await ort.InferenceSession.create(process.argv[2]!, { intraOpNumThreads: 1, interOpNumThreads: 1 });
const [inputName] = session.inputNames;
const [outputName] = session.outputNames;

const app = Fastify({ logger: false, bodyLimit: 32 * 1024 * 1024 });
app.post<{ Body: { instances: number[][] } }>('/v1/models/mnist::predict', async (request) => {
  const { instances } = request.body;
  const width = instances[0]!.length;
  const input = new Float32Array(instances.length * width);
  instances.forEach((row, i) => input.set(row, i * width));
  const results = await session.run({ [inputName!]: new ort.Tensor('float32', input, [instances.length, width]) });
  const output = results[outputName!]!;
  const classes = output.dims[1]!;
  const data = output.data as Float32Array;
  return { predictions: instances.map((_, i) => Array.from(data.subarray(i * classes, (i + 1) * classes))) };
});
await app.listen({ port: 0, host: '127.0.0.1' });
process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}` })}\n`);
process.stdin.resume();
process.stdin.on('end', () => void app.close().then(async () => {
  await session.release();
  // onnxruntime-node leaves an empty mat-debug-<pid>.log in the temp dir per process.
  rmSync(join(tmpdir(), `mat-debug-${process.pid}.log`), { force: true });
  process.exit(0);
}));
