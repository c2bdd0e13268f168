import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ServeHandle } from '../../src/serve/index.js';
import { get, post, savedModel, seededRandom, startTestServer } from './fixtures.js';
import type { Reply } from './fixtures.js';

/**
 * JSON inference bodies whose numbers the replicas read (the front only skims them): answers
 * must be exactly those of the front's own path, which a body with an escaped string still
 * takes (the scan does not take escapes), in batches mixing good and bad bodies, and when the
 * replica holding them is SIGKILLed.
 */
describe('JSON tensors read by the replicas', () => {
  let server: ServeHandle;
  let logs: string[];
  let cleanup: () => void;
  let input: string;
  const random = seededRandom(7);
  const row = (): number[] => Array.from({ length: 4 }, () => Math.round((random() * 4 - 2) * 1e6) / 1e6);

  before(async () => {
    let dir: string;
    ({ dir, cleanup } = await savedModel());
    // One slow replica (it holds batches 400 ms) and one quick: batches gather, and there is time to kill the slow one.
    ({ server, logs } = await startTestServer({ models: [dir], replicas: 2, policy: 'round-robin', replicaDelayMs: [400, 0], maxBatch: 64, batchDelayMs: 20, batchTimeoutMs: 5000 }));
    input = ((await get(`${server.url}/v2/models/mlp`)).json['inputs'] as { name: string }[])[0]!.name;
  });
  after(async () => {
    await server?.close();
    cleanup?.();
  });

  const tfUrl = (): string => `${server.url}/v1/models/mlp:predict`;
  const kserveUrl = (): string => `${server.url}/v2/models/mlp/infer`;
  /** The same TF Serving body with an escaped signature name: it takes the front's own path. */
  const onFront = (instances: string): string => `{"signature_name": "serving_\\u0064efault", "instances": ${instances}}`;
  const onReplica = (instances: string): string => `{"signature_name": "serving_default", "instances": ${instances}}`;

  /** TF Serving bodies, good and bad (every bad one skims as a tensor and fails only in the replica). */
  const tfBodies = (): string[] => {
    const good = Array.from({ length: 12 }, () => JSON.stringify([row(), row()].slice(0, 1 + Math.floor(random() * 2))));
    const bad = ['[[1, 2, 3]]', '[[1, 2, "x", 4]]', '[[1, 2, 3, 4], [1, 2]]', '[[1, 2, 3, 4e999]]', '[[1, 2, 3, 4],]', '[[true, 2, 3, 4]]', '[[[1], [2], [3], [4]]]'];
    return [...good.slice(0, 6), ...bad, ...good.slice(6)];
  };

  /**
   * The same answer: the same status and error, the same predictions (within float32 rounding:
   * a batch of other rows may round a row's sums differently; alone, see below, bit for bit).
   */
  function assertSame(got: Reply, want: Reply, what: string): void {
    assert.equal(got.status, want.status, what);
    const numbers: number[][] = [[], []];
    const skeleton = (v: unknown, k: number): string => JSON.stringify(v, (_, x: unknown) => (typeof x === 'number' ? (numbers[k]!.push(x), 0) : x));
    assert.equal(skeleton(got.json, 0), skeleton(want.json, 1), what);
    assert.ok(numbers[0]!.every((x, i) => Math.abs(x - numbers[1]![i]!) <= 1e-6), `${what}: ${numbers[0]} vs ${numbers[1]}`);
  }

  it('reads numbers bit for bit as the front path does (a request alone is a batch of one either way)', async () => {
    for (let i = 0; i < 5; i++) {
      const body = JSON.stringify([row(), row()]);
      assert.deepEqual((await post(tfUrl(), onReplica(body))).json, (await post(tfUrl(), onFront(body))).json, body);
    }
  });

  async function assertSameAsFront(urlOf: () => string, bodies: string[], reference: (body: string) => Promise<Reply>, fast: (body: string) => string): Promise<void> {
    const want = await Promise.all(bodies.map(reference));
    // All at once: they share batches on the replicas.
    const got = await Promise.all(bodies.map((b) => post(urlOf(), fast(b))));
    got.forEach((r, i) => assertSame(r, want[i]!, `body ${bodies[i]}`));
    assert.ok(want.some((r) => r.status === 200) && want.some((r) => r.status === 400), 'the bodies mix good and bad ones');
  }

  it('answers every TF Serving body of a mixed batch as the front path does: the same predictions, the same 400 messages', async () => {
    const bodies = tfBodies();
    await assertSameAsFront(tfUrl, bodies, (b) => post(tfUrl(), onFront(b)), onReplica);
  });

  it('answers KServe bodies of a mixed batch exactly as the front path does', async () => {
    const kserve = (data: string, shape: string, id: string): string => `{"id": "${id}", "inputs": [{"name": "${input}", "shape": ${shape}, "datatype": "FP32", "data": ${data}}]}`;
    const cases = [
      [JSON.stringify(row()), '[1, 4]'], [JSON.stringify([row(), row()]), '[2, 4]'], ['[1, 2, 3]', '[1, 4]'], ['[1, 2, 3, 4, 5, 6, 7, 8]', '[1, 8]'],
      ['[1, 2, "3", 4]', '[1, 4]'], [JSON.stringify([...row(), ...row()]), '[2, 4]'], ['[[1, 2], [3, 4]]', '[1, 4]'], [JSON.stringify(row()), '[4]'],
    ];
    // The reference escapes its id, so the front reads it; the id comes back unescaped either way.
    const bodies = cases.map(([data, shape], i) => JSON.stringify([data, shape, `r${i}`]));
    const body = (b: string, id: (s: string) => string): string => {
      const [data, shape, name] = JSON.parse(b) as string[];
      return kserve(data!, shape!, id(name!));
    };
    await assertSameAsFront(kserveUrl, bodies, (b) => post(kserveUrl(), body(b, (s) => `\\u0072${s.slice(1)}`)), (b) => body(b, (s) => s));
  });

  it('retries the JSON batches of a SIGKILLed replica elsewhere: good bodies answered, bad ones given their messages', async () => {
    const bodies = tfBodies();
    const want = await Promise.all(bodies.map((b) => post(tfUrl(), onFront(b))));
    await new Promise((r) => setTimeout(r, 500));
    const slow = server.replicas().find((r) => r.slot === 0)!;
    // Two batches (the second after the first's batching delay): round robin gives one to each replica.
    const wave = (): Promise<Reply[]> => Promise.all(bodies.map((b) => post(tfUrl(), onReplica(b))));
    const first = wave();
    await new Promise((r) => setTimeout(r, 60));
    const answers = Promise.all([first, wave()]).then((waves) => waves.flat());
    const deadline = Date.now() + 5000;
    while (server.replicas().find((r) => r.slot === 0)!.inFlight === 0) {
      if (Date.now() > deadline) throw new Error('the slow replica was never given a batch');
      await new Promise((r) => setTimeout(r, 5));
    }
    process.kill(slow.pid!, 'SIGKILL');
    const got = await answers;
    got.forEach((r, i) => assertSame(r, want[i % bodies.length]!, `body ${bodies[i % bodies.length]}`));
    assert.ok(logs.some((l) => l.startsWith(`replica 0 (pid ${slow.pid}) died: `)), logs.join('\n'));
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    assert.match(metrics, /tensile_serve_retries_total\{model="mlp"\} [1-9]/);
  });
});
