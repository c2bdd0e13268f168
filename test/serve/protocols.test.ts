import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ServeHandle } from '../../src/serve/index.js';
import { joinBinaryBody, splitBinaryBody } from '../../src/serve/protocols/kserveBinary.js';
import type { LayersModel } from '../../src/index.js';
import { close, expected, get, post, savedModel, smallMlp, startTestServer } from './fixtures.js';

const KEY = 'test-key-1';
const auth = { authorization: `Bearer ${KEY}` };
const ROWS = [[1, 2, 3, 4], [0.5, -1, 0, 2], [0, 0, 0, 0]];

/** Every endpoint of both protocols against one real server (2 replica processes, API key on). */
describe('serving protocols over HTTP', () => {
  let server: ServeHandle;
  let logs: string[];
  let model: LayersModel;
  let dir: string;
  let cleanup: () => void;
  const url = (path: string): string => `${server.url}${path}`;

  before(async () => {
    ({ model, dir, cleanup } = await savedModel());
    ({ server, logs } = await startTestServer({ models: [`mnist=${dir}`], apiKey: KEY, batchDelayMs: 20, bodyLimitBytes: 64 * 1024, reloadIntervalMs: 0 }));
  });
  after(async () => {
    await server?.close();
    cleanup?.();
  });

  describe('TF Serving REST', () => {
    it('predicts rows given as instances', async () => {
      const r = await post(url('/v1/models/mnist:predict'), { instances: ROWS }, auth);
      assert.equal(r.status, 200, JSON.stringify(r.json));
      assert.ok(close(r.json['predictions'], expected(model, ROWS)), JSON.stringify(r.json));
      // As TF Serving, whatever the content type: `curl -d` sends application/x-www-form-urlencoded.
      const form = await post(url('/v1/models/mnist:predict'), { instances: ROWS }, { ...auth, 'content-type': 'application/x-www-form-urlencoded' });
      assert.ok(close(form.json['predictions'], expected(model, ROWS)), JSON.stringify(form.json));
    });

    it('predicts a batch given columnar as inputs, by name or bare, and a named instance list', async () => {
      const bare = await post(url('/v1/models/mnist/versions/1:predict'), { inputs: ROWS }, auth);
      assert.equal(bare.status, 200, JSON.stringify(bare.json));
      assert.ok(close(bare.json['outputs'], expected(model, ROWS)));
      const named = await post(url('/v1/models/mnist:predict'), { inputs: { sequential_input: ROWS } }, auth);
      assert.ok(close(named.json['outputs'], expected(model, ROWS)), JSON.stringify(named.json));
      const rows = await post(url('/v1/models/mnist:predict'), { signature_name: 'serving_default', instances: ROWS.map((r) => ({ sequential_input: r })) }, auth);
      assert.ok(close(rows.json['predictions'], expected(model, ROWS)), JSON.stringify(rows.json));
    });

    it('answers a body of numbers in any JSON notation exactly as the same numbers sent another way', async () => {
      // The first body is read by the fast path (numbers straight from the bytes); named rows go
      // through JSON.parse. The same float32 inputs must give the same predictions, to the bit.
      const notations = ['[0.1, -0, 1e-3, 2.5E+1]', '[-1.0000000596046447753906250000001, 123456789012345678901234, 3.4028235677973366e38, 0.00392156862745098]', '[1.1754942e-38, 7e-46, -0.0, 16777217]'];
      const fast = await post(url('/v1/models/mnist:predict'), `{"instances":\n  [${notations.join(',\n   ')}]\n}`, auth);
      const general = await post(url('/v1/models/mnist:predict'), `{"instances": [${notations.map((n) => `{"sequential_input": ${n}}`).join(', ')}]}`, auth);
      assert.equal(fast.status, 200, JSON.stringify(fast.json));
      assert.deepEqual(fast.json['predictions'], general.json['predictions']);
      const kserve = await post(url('/v2/models/mnist/infer'), `{"inputs": [{"name": "sequential_input", "shape": [3, 4], "datatype": "FP32", "data": [${notations.join(',')}]}]}`, auth);
      assert.deepEqual((kserve.json['outputs'] as { data: number[] }[])[0]!.data, (general.json['predictions'] as number[][]).flat());
    });

    it('reports status and metadata', async () => {
      const status = await get(url('/v1/models/mnist'), auth);
      assert.deepEqual(status.json, { model_version_status: [{ version: '1', state: 'AVAILABLE', status: { error_code: 'OK', error_message: '' } }] });
      const meta = await get(url('/v1/models/mnist/versions/1/metadata'), auth);
      const sig = (meta.json['metadata'] as { signature_def: { signature_def: { serving_default: { inputs: Record<string, { dtype: string; tensor_shape: unknown }> } } } }).signature_def.signature_def.serving_default;
      assert.deepEqual(sig.inputs['sequential_input'], { name: 'sequential_input', dtype: 'DT_FLOAT', tensor_shape: { dim: [{ size: '-1' }, { size: '4' }] } });
    });

    it('answers unknown models, versions and routes with 404 saying what is served', async () => {
      assert.deepEqual(await post(url('/v1/models/nope:predict'), { instances: ROWS }, auth).then((r) => [r.status, r.json['error']]), [404, "model 'nope' is not served; served: mnist"]);
      assert.deepEqual(await post(url('/v1/models/mnist/versions/7:predict'), { instances: ROWS }, auth).then((r) => [r.status, r.json['error']]), [404, "version '7' of model 'mnist' is not served; version 1 is"]);
      assert.equal((await post(url('/v1/models/mnist:classify'), { instances: ROWS }, auth)).status, 404);
      assert.equal((await get(url('/v1/models/..%2F..%2Fetc'), auth)).status, 404);
    });
  });

  describe('KServe v2', () => {
    it('answers health, server metadata, model metadata and readiness', async () => {
      assert.deepEqual((await get(url('/v2/health/live'))).json, { live: true });
      assert.deepEqual((await get(url('/v2/health/ready'))).json, { ready: true });
      assert.deepEqual((await get(url('/v2'), auth)).json['extensions'], ['binary_tensor_data']);
      assert.deepEqual((await get(url('/v2/models/mnist'), auth)).json, {
        name: 'mnist', versions: ['1'], platform: 'tensile_layers',
        inputs: [{ name: 'sequential_input', datatype: 'FP32', shape: [-1, 4] }],
        outputs: [{ name: 'dense_1/out', datatype: 'FP32', shape: [-1, 3] }],
      });
      assert.deepEqual((await get(url('/v2/models/mnist/versions/1/ready'), auth)).json, { name: 'mnist', ready: true });
      assert.equal((await get(url('/v2/models/other/ready'), auth)).status, 404);
    });

    it('infers typed tensors given flat or nested, and echoes the request id', async () => {
      for (const data of [ROWS.flat(), ROWS]) {
        const r = await post(url('/v2/models/mnist/infer'), { id: 'r1', inputs: [{ name: 'sequential_input', shape: [3, 4], datatype: 'FP32', data }] }, auth);
        assert.equal(r.status, 200, JSON.stringify(r.json));
        const out = (r.json['outputs'] as { name: string; datatype: string; shape: number[]; data: number[] }[])[0]!;
        assert.deepEqual([r.json['model_name'], r.json['model_version'], r.json['id'], out.name, out.datatype, out.shape], ['mnist', '1', 'r1', 'dense_1/out', 'FP32', [3, 3]]);
        assert.ok(close([out.data], [expected(model, ROWS).flat()]));
      }
    });

    it('takes and gives raw tensor bytes with Inference-Header-Content-Length (binary extension, both ways)', async () => {
      const input = Float32Array.from(ROWS.flat());
      const header = { inputs: [{ name: 'sequential_input', shape: [3, 4], datatype: 'FP32', parameters: { binary_data_size: input.byteLength } }], outputs: [{ name: 'dense_1/out', parameters: { binary_data: true } }] };
      const { body, headerLength } = joinBinaryBody(header, [new Uint8Array(input.buffer)]);
      const res = await fetch(url('/v2/models/mnist/infer'), { method: 'POST', headers: { ...auth, 'content-type': 'application/octet-stream', 'Inference-Header-Content-Length': String(headerLength) }, body });
      assert.equal(res.status, 200);
      const n = res.headers.get('inference-header-content-length');
      assert.ok(n !== null);
      const reply = splitBinaryBody(Buffer.from(await res.arrayBuffer()), n);
      const out = (reply.header as { outputs: { shape: number[]; parameters: { binary_data_size: number } }[] }).outputs[0]!;
      assert.deepEqual([out.shape, out.parameters.binary_data_size, reply.tail.length], [[3, 3], 36, 36]);
      const values = new Float32Array(reply.tail.buffer.slice(reply.tail.byteOffset, reply.tail.byteOffset + 36));
      assert.ok(close([Array.from(values)], [expected(model, ROWS).flat()]));
    });

    it('answers a JSON request with binary output when binary_data_output is asked for', async () => {
      const res = await fetch(url('/v2/models/mnist/infer'), {
        method: 'POST', headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify({ parameters: { binary_data_output: true }, inputs: [{ name: 'sequential_input', shape: [1, 4], datatype: 'FP32', data: ROWS[0] }] }),
      });
      const reply = splitBinaryBody(Buffer.from(await res.arrayBuffer()), res.headers.get('inference-header-content-length')!);
      assert.equal(reply.tail.length, 12);
    });

    it('says which datatype, name, shape or size is wrong', async () => {
      const infer = (input: Record<string, unknown>) => post(url('/v2/models/mnist/infer'), { inputs: [{ name: 'sequential_input', shape: [1, 4], datatype: 'FP32', data: [1, 2, 3, 4], ...input }] }, auth);
      const cases: [Record<string, unknown>, RegExp][] = [
        [{ datatype: 'INT32' }, /datatype INT32 does not match the model's input, which takes FP32/],
        [{ datatype: 'FLOAT' }, /unknown datatype 'FLOAT'/],
        [{ name: 'x' }, /the model's input is 'sequential_input', found 'x'/],
        [{ shape: [1, 5] }, /shape \[1,5\] needs 5 values, "data" has 4/],
        [{ shape: [2, 2], data: [1, 2, 3, 4] }, /takes samples of shape \[4\] \(4 values\), found samples of shape \[2\]/],
        [{ data: [1, 2, 'x', 4] }, /data\[2\]: expected a number/],
        [{ data: undefined }, /expected "data"/],
        [{ shape: [-1, 4] }, /inputs\.0\.shape\.0/],
      ];
      for (const [input, message] of cases) {
        const r = await infer(input);
        assert.equal(r.status, 400, JSON.stringify(input));
        assert.match(String(r.json['error']), message);
      }
      const bytes = Buffer.from(new Float32Array(3).buffer);
      const { body, headerLength } = joinBinaryBody({ inputs: [{ name: 'sequential_input', shape: [1, 4], datatype: 'FP32', parameters: { binary_data_size: 12 } }] }, [bytes]);
      const res = await fetch(url('/v2/models/mnist/infer'), { method: 'POST', headers: { ...auth, 'Inference-Header-Content-Length': String(headerLength) }, body });
      assert.equal(res.status, 400);
      assert.match(((await res.json()) as { error: string }).error, /binary_data_size is 12 bytes, but the shape's 4 elements of 4 bytes need 16/);
    });
  });

  describe('bad input and access', () => {
    it('refuses requests without the API key with 401, except the health probes', async () => {
      const none = await post(url('/v1/models/mnist:predict'), { instances: ROWS });
      assert.deepEqual([none.status, none.headers.get('www-authenticate')], [401, 'Bearer']);
      assert.equal((await post(url('/v1/models/mnist:predict'), { instances: ROWS }, { authorization: 'Bearer wrong' })).status, 401);
      assert.equal((await get(url('/metrics'))).status, 401);
      assert.equal((await get(url('/v2/health/ready'))).status, 200);
    });

    it('answers malformed bodies with 400 naming the problem, oversized ones with 413', async () => {
      const cases: [unknown, RegExp][] = [
        ['{"instances": [1, 2', /not valid JSON/],
        [{}, /exactly one of "instances" or "inputs"/],
        [{ instances: [] }, /expected at least one instance/],
        [{ instances: [[1, 2, 3]] }, /takes samples of shape \[4\] \(4 values\), found samples of shape \[3\]/],
        [{ instances: [[1, 2, 3, 4], [1, 2]] }, /instances\[1\]: expected 4 elements/],
        [{ instances: [[1, 2, 3, '4']] }, /instances\[0\]\[3\]: expected a number, found the string "4"/],
        [{ instances: [{ wrong: [1, 2, 3, 4] }] }, /instances\[0\]: expected the input 'sequential_input', found 'wrong'/],
        [{ instances: ROWS, inputs: ROWS }, /exactly one/],
        ['[1, 2]', /expected object/],
        ['null', /expected object/],
        // Bodies the fast path leaves to the general one get its messages.
        ['{"instances": [[[[[[[[[1]]]]]]]]]}', /instances: nested deeper than 8 levels/],
        ['{"instances": [[1, 2, 3, 4], [1, 2, 3, 4e]]}', /not valid JSON/],
        ['{"instances": [[1, 2, 3, 4], [1, 2, 3, null]]}', /instances\[1\]\[3\]: expected a number, found null/],
        ['{"instances": [[1, 2, 3, 4]], "signature_name": 7}', /signature_name: .*expected string/i],
      ];
      for (const [body, message] of cases) {
        const r = await post(url('/v1/models/mnist:predict'), body, auth);
        assert.equal(r.status, 400, JSON.stringify(body));
        assert.match(String(r.json['error']), message);
      }
      const big = await post(url('/v1/models/mnist:predict'), { instances: Array.from({ length: 5000 }, () => [1.5, 2.5, 3.5, 4.5]) }, auth);
      assert.equal(big.status, 413);
    });

    it('answers thousands of fuzzed requests with 4xx and keeps serving', async () => {
      const valid = JSON.stringify({ instances: ROWS });
      let seed = 12345;
      const rand = (n: number): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) % n);
      const mutate = (): string => {
        const chars = valid.split('');
        for (let k = 0; k <= rand(4); k++) {
          const at = rand(chars.length);
          const op = rand(3);
          if (op === 0) chars.splice(at, 1);
          else if (op === 1) chars.splice(at, 0, '{}[],:"x-1e9 '[rand(13)]!);
          else chars[at] = '{}[],:"x0.'[rand(10)]!;
        }
        return chars.join('');
      };
      const statuses = new Map<number, number>();
      const bodies = Array.from({ length: 1200 }, mutate).filter((b) => b !== valid);
      for (let i = 0; i < bodies.length; i += 25) {
        const replies = await Promise.all(bodies.slice(i, i + 25).map(async (b) => {
          const res = await fetch(url('/v1/models/mnist:predict'), { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: b });
          await res.arrayBuffer();
          return res.status;
        }));
        for (const s of replies) statuses.set(s, (statuses.get(s) ?? 0) + 1);
      }
      // A mutation can leave a valid body (a digit changed): those get 200; nothing else but 4xx.
      const other = [...statuses.keys()].filter((s) => s !== 200 && (s < 400 || s >= 500));
      assert.deepEqual(other, [], JSON.stringify([...statuses]));
      assert.ok((statuses.get(400) ?? 0) > 900, JSON.stringify([...statuses]));
      const r = await post(url('/v1/models/mnist:predict'), { instances: ROWS }, auth);
      assert.equal(r.status, 200);
    });
  });

  it('batches concurrent requests, as /metrics shows', async () => {
    const metrics = async (): Promise<{ count: number; sum: number }> => {
      const text = (await (await fetch(url('/metrics'), { headers: auth })).text());
      const value = (name: string): number => Number(/ (\S+)$/.exec(text.split('\n').find((l) => l.startsWith(`${name}{model="mnist"}`))!)![1]);
      return { count: value('tensile_serve_batch_size_count'), sum: value('tensile_serve_batch_size_sum') };
    };
    const before = await metrics();
    const replies = await Promise.all(Array.from({ length: 48 }, (_, i) => post(url('/v1/models/mnist:predict'), { instances: [[i, 1, 2, 3]] }, auth)));
    assert.ok(replies.every((r, i) => r.status === 200 && close(r.json['predictions'], expected(model, [[i, 1, 2, 3]]))));
    const now = await metrics();
    const batches = now.count - before.count;
    assert.equal(now.sum - before.sum, 48);
    assert.ok(batches < 24, `48 concurrent requests ran as ${batches} batches`);
    const text = await (await fetch(url('/metrics'), { headers: auth })).text();
    for (const name of ['tensile_serve_requests_total{model="mnist",protocol="tfserving",code="200"}', 'tensile_serve_request_duration_seconds_count', 'tensile_serve_replica_batch_duration_seconds_count{model="mnist",replica="0"}', 'tensile_serve_queue_depth{model="mnist"}', 'tensile_serve_replicas{state="ready"} 2', 'tensile_serve_request_errors_total{model="mnist",protocol="kserve",code="400"}',
      // Bodies refused before they are read count for the model in the URL; unserved names share one label.
      'tensile_serve_request_errors_total{model="mnist",protocol="tfserving",code="413"}', 'tensile_serve_requests_total{model="unknown",protocol="tfserving",code="404"}']) {
      assert.ok(text.includes(name), `/metrics lacks ${name}`);
    }
  });

  it('serves a new version when it appears (hot reload), and no longer the old one', async () => {
    const v2 = smallMlp(2);
    await v2.save(join(dir, '2'));
    await server.reload();
    assert.deepEqual(logs, ["model 'mnist': serving version 2 (was 1)"]);
    // The new version's input has a name of its own: a client reads it from the metadata.
    const meta = await get(url('/v2/models/mnist'), auth);
    assert.deepEqual(meta.json['versions'], ['2']);
    const name = (meta.json['inputs'] as { name: string }[])[0]!.name;
    const r = await post(url('/v2/models/mnist/infer'), { inputs: [{ name, shape: [3, 4], datatype: 'FP32', data: ROWS }] }, auth);
    assert.equal(r.json['model_version'], '2', JSON.stringify(r.json));
    const data = (r.json['outputs'] as { data: number[] }[])[0]!.data;
    assert.ok(close([data], [expected(v2, ROWS).flat()]));
    assert.ok(!close([data], [expected(model, ROWS).flat()]));
    assert.equal((await post(url('/v1/models/mnist/versions/1:predict'), { instances: ROWS }, auth)).status, 404);
    const status = (await get(url('/v1/models/mnist'), auth)).json['model_version_status'] as { version: string }[];
    assert.equal(status[0]!.version, '2');
  });

  it('keeps serving the current version when a newer one is broken, and tries it again only when its files change', async () => {
    mkdirSync(join(dir, '3'));
    writeFileSync(join(dir, '3', 'model.json'), '{"modelTopology": ');
    await server.reload();
    await server.reload();
    const refusals = logs.filter((l) => l.startsWith("model 'mnist': version 3 not served: "));
    assert.equal(refusals.length, 1, logs.join('\n'));
    assert.match(refusals[0]!, /model\.json/);
    assert.deepEqual((await get(url('/v2/models/mnist'), auth)).json['versions'], ['2']);
  });
});
