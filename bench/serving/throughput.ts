/**
 * `node --import tsx bench/serving/throughput.ts [--seconds S] [--connections C]`: the MNIST MLP
 * (784-128-10) served several ways, one instance per request, 64 connections by default
 * (autocannon) on loopback, all in the same run:
 *   - `tensile serve` with dynamic batching, and without (max batch 1), TF Serving JSON
 *     (`{"instances": [[784 numbers]]}`);
 *   - `tensile serve` with dynamic batching, KServe v2 with the binary tensor extension (the same
 *     784 floats as raw bytes after a small JSON header: no JSON float parsing);
 *   - onnxruntime-node behind fastify running the same model, exported from PyTorch to ONNX here
 *     with the Tensile model's weights (skipped with a note without python3-torch), same JSON;
 *   - a bare node:http server answering a fixed JSON (the ceiling);
 *   - tiny requests (4 numbers each), with and without dynamic batching, to two models: a 4-8-3 MLP,
 *     where a batch costs the replica little more than its round trip, and a 4-2048-2048-3 MLP,
 *     where each call costs the replica a pass over 17 MB of weights (~0.6 ms at batch 1, ~11 ms
 *     at batch 64 on the native backend here): the case dynamic batching is for.
 * Tensile's rows run `tensile serve` as a user does (its server in a thread with a young
 * generation sized for serving, serve/youngGeneration.ts); one more row runs `tl.serve.start` in
 * a plain `node` process, V8's default young generation, for comparison.
 * The load generator shares the machine's cores with the servers, as in DESIGN.md's figures.
 */
import autocannon from 'autocannon';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tl from '../../src/index.js';
import type { ServeOptions } from '../../src/serve/index.js';
import { childServer } from './childServer.js';
import { cliServer } from './cliServer.js';
import { exportOnnxPeer } from './onnxPeer.js';

const args = process.argv.slice(2);
const option = (name: string, fallback: number): number => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback);
const seconds = option('--seconds', 10);
const connections = option('--connections', 64);

/** What every connection sends, over and over. */
interface Load { path: string; headers: Record<string, string>; body: string | Buffer }
interface Row { name: string; requestsPerSecond: number; p50Ms: number; p99Ms: number; failed: number }

const jsonLoad = (model: string, instance: number[]): Load => ({ path: `/v1/models/${model}:predict`, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ instances: [instance] }) });

/** One KServe v2 binary-extension request: a JSON header naming the input, then its float32 bytes. */
function binaryLoad(model: string, input: string, instance: number[]): Load {
  const header = Buffer.from(JSON.stringify({ inputs: [{ name: input, shape: [1, instance.length], datatype: 'FP32', parameters: { binary_data_size: instance.length * 4 } }] }));
  return {
    path: `/v2/models/${model}/infer`,
    headers: { 'content-type': 'application/octet-stream', 'inference-header-content-length': String(header.length) },
    body: Buffer.concat([header, Buffer.from(new Float32Array(instance).buffer)]),
  };
}

/** How a server is started: `tensile serve` with these arguments, or a benchmark script with these. */
type Launch = { cli: string[] } | { script: string; args: string[] };

/** One server's figures under `load`, and its answer to one request (to check the peers agree). */
async function measure(name: string, launch: Launch, load: Load | ((url: string) => Promise<Load>)): Promise<{ row: Row; answer: unknown }> {
  const server = 'cli' in launch ? await cliServer(launch.cli) : await childServer(launch.script, launch.args);
  try {
    const { path, headers, body } = typeof load === 'function' ? await load(server.url) : load;
    const url = `${server.url}${path}`;
    const reply = await fetch(url, { method: 'POST', headers, body });
    const answer = reply.headers.get('content-type')?.startsWith('application/json') === true ? await reply.json() : undefined;
    const options = { url, connections, method: 'POST', headers, body } as const;
    await autocannon({ ...options, duration: Math.min(2, seconds) }); // warm-up
    const r = await autocannon({ ...options, duration: seconds });
    return { row: { name, requestsPerSecond: Math.round(r.requests.average), p50Ms: r.latency.p50, p99Ms: r.latency.p99, failed: r.non2xx + r.errors + r.timeouts }, answer };
  } finally {
    await server.stop();
  }
}

const predictions = (answer: unknown): number[] => (answer as { predictions: number[][] }).predictions[0]!;
const ratio = (a: Row, b: Row): string => `${(a.requestsPerSecond / b.requestsPerSecond).toFixed(2)}x requests/s, p99 ${a.p99Ms} vs ${b.p99Ms} ms`;

const dir = mkdtempSync(join(tmpdir(), 'tensile-bench-throughput-'));
try {
  tl.setSeed(1);
  await tl.sequential([tl.layers.dense({ units: 128, activation: 'relu', inputShape: [784] }), tl.layers.dense({ units: 10, activation: 'softmax' })]).save(join(dir, 'mnist', '1'));
  await tl.sequential([tl.layers.dense({ units: 8, activation: 'relu', inputShape: [4] }), tl.layers.dense({ units: 3, activation: 'softmax' })]).save(join(dir, 'tiny', '1'));
  await tl.sequential([tl.layers.dense({ units: 2048, activation: 'relu', inputShape: [4] }), tl.layers.dense({ units: 2048, activation: 'relu' }), tl.layers.dense({ units: 3, activation: 'softmax' })]).save(join(dir, 'wide', '1'));
  const peer = await exportOnnxPeer(join(dir, 'mnist', '1'), dir);
  console.log(`load average at start: ${loadavg().map((l) => l.toFixed(2)).join(' ')}; ${connections} connections, ${seconds} s each`);
  const serve = (model: string, batching: { maxBatch: number; batchDelayMs?: number }): Launch => ({
    cli: [join(dir, model), '--port', '0', '--host', '127.0.0.1', '--replicas', '2', '--max-batch', String(batching.maxBatch), ...(batching.batchDelayMs === undefined ? [] : ['--batch-delay-ms', String(batching.batchDelayMs)])],
  });
  // The same server through the library API in a plain `node` process: V8's default young generation.
  const library = (model: string, options: Partial<ServeOptions>): Launch => ({ script: './serverProcess.ts', args: [JSON.stringify({ models: [join(dir, model)], port: 0, host: '127.0.0.1', replicas: 2, reloadIntervalMs: 0, ...options })] });
  const sample = Array.from({ length: 784 }, (_, i) => (i % 255) / 255);
  const mnist = jsonLoad('mnist', sample);
  const batching = { maxBatch: 64, batchDelayMs: 2 };
  const batched = await measure('tensile serve, dynamic batching (max 64, 2 ms)', serve('mnist', batching), mnist);
  const inProcess = await measure('tl.serve.start in a plain node process, dynamic batching', library('mnist', batching), mnist);
  const unbatched = await measure('tensile serve, no batching', serve('mnist', { maxBatch: 1 }), mnist);
  const binary = await measure('tensile serve, dynamic batching, KServe v2 binary tensors', serve('mnist', batching), async (url) => {
    const metadata = await (await fetch(`${url}/v2/models/mnist`)).json() as { inputs: { name: string }[] };
    return binaryLoad('mnist', metadata.inputs[0]!.name, sample);
  });
  const onnx = 'onnx' in peer ? await measure('onnxruntime-node 1 thread + fastify', { script: './onnxServer.ts', args: [peer.onnx] }, mnist) : undefined;
  const bare = await measure('bare node:http, fixed reply', { script: './bareServer.ts', args: [] }, { ...mnist, path: '/' });
  const tiny = jsonLoad('tiny', [1, 2, 3, 4]);
  const tinyBatched = await measure('tiny requests (4 numbers): tensile serve, dynamic batching', serve('tiny', batching), tiny);
  const tinyUnbatched = await measure('tiny requests (4 numbers): tensile serve, no batching', serve('tiny', { maxBatch: 1 }), tiny);
  const wide = { ...tiny, path: '/v1/models/wide:predict' };
  const wideBatched = await measure('tiny requests to a 4-2048-2048-3 MLP: tensile serve, dynamic batching', serve('wide', batching), wide);
  const wideUnbatched = await measure('tiny requests to a 4-2048-2048-3 MLP: tensile serve, no batching', serve('wide', { maxBatch: 1 }), wide);
  for (const measured of [batched, inProcess, unbatched, binary, onnx, bare, tinyBatched, tinyUnbatched, wideBatched, wideUnbatched]) {
    if (measured !== undefined) console.log(JSON.stringify({ ...measured.row, ofBare: +(measured.row.requestsPerSecond / bare.row.requestsPerSecond).toFixed(2) }));
  }
  console.log(`batching / no batching: ${ratio(batched.row, unbatched.row)}`);
  console.log(`batching / no batching, tiny requests: ${ratio(tinyBatched.row, tinyUnbatched.row)}`);
  console.log(`batching / no batching, tiny requests to the 4-2048-2048-3 MLP: ${ratio(wideBatched.row, wideUnbatched.row)}`);
  console.log(`batching / bare node:http: ${ratio(batched.row, bare.row)}`);
  if (onnx === undefined) {
    console.log('skipped' in peer ? peer.skipped : '');
  } else {
    const difference = Math.max(...predictions(batched.answer).map((p, i) => Math.abs(p - predictions(onnx.answer)[i]!)));
    console.log(`same model: largest difference between Tensile's and onnxruntime's predictions ${difference.toExponential(1)}`);
    console.log(`batching / onnxruntime-node + fastify: ${ratio(batched.row, onnx.row)}`);
    console.log(`batching, library API in a plain node process / onnxruntime-node + fastify: ${ratio(inProcess.row, onnx.row)}`);
    console.log(`batching with binary tensors / onnxruntime-node + fastify (JSON): ${ratio(binary.row, onnx.row)}`);
  }
  console.log(`load average at end: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
