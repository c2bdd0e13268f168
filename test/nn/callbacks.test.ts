import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { after, describe, it } from 'node:test';
import * as tl from '../../src/index.js';
import { blobs, smallMlp } from './model/fixtures.js';

function compiledMlp(): tl.Sequential {
  const model = smallMlp();
  model.compile({ optimizer: new tl.optimizers.Adam({ learningRate: 0.02 }), loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
  return model;
}

describe('ModelCheckpoint', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tensile-ckpt-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('saves every epoch ({epoch} in the path) or only improvements, and the saved model loads', async () => {
    tl.setSeed(31);
    const { x, y } = blobs(60, 32);
    const model = compiledMlp();
    const every = new tl.callbacks.ModelCheckpoint({ filepath: join(dir, 'every-{epoch}') });
    // minDelta cannot be set on the checkpoint, so 'max' on the loss improves only on epoch 1 of a falling loss.
    const best = new tl.callbacks.ModelCheckpoint({ filepath: join(dir, 'best'), monitor: 'loss', mode: 'max', saveBestOnly: true });
    await model.fit(x, y, { epochs: 3, batchSize: 20, verbose: 0, callbacks: [every, best] });
    assert.deepEqual(every.saved, [1, 2, 3].map((e) => join(dir, `every-${e}`)));
    for (const path of every.saved) assert.ok(existsSync(join(path, 'model.json')) && existsSync(join(path, 'weights.bin')));
    assert.deepEqual(best.saved, [join(dir, 'best')]);
    const last = await tl.loadLayersModel(join(dir, 'every-3'));
    const expected = model.predict(x).dataSync();
    last.predict(x).dataSync().forEach((v, i) => assert.ok(Math.abs(v - expected[i]!) < 1e-6));
  });
});

describe('ProgressBar', () => {
  it('draws a bar with samples/s and the running loss on a terminal, then one summary line per epoch', async () => {
    tl.setSeed(37);
    const { x, y } = blobs(64, 38);
    const model = compiledMlp();
    // A terminal-like stream: cli-progress only draws bars on a TTY.
    const terminal = Object.assign(new PassThrough(), { isTTY: true, columns: 160 });
    let output = '';
    terminal.on('data', (chunk: Buffer) => { output += chunk.toString(); });
    const bar = new tl.callbacks.ProgressBar(terminal as unknown as NodeJS.WriteStream);
    await model.fit(x, y, { epochs: 2, batchSize: 8, verbose: 0, callbacks: [bar] });
    assert.match(output, /epoch 1\/2 \[[^\]]*\] \d+\/8 \| ETA \S+ \| \d+ samples\/s \| loss \d\.\d{4}  accuracy \d\.\d{4}/);
    // Without the terminal's control sequences, each epoch ends in a summary line of its own.
    const plain = output.replace(/\x1b\[[0-9;?]*[A-Za-z]|\x1b[78]/g, '\n');
    const summaries = plain.match(/^epoch \d\/2 {2}[\d.]+s {2}\d+ samples\/s {2}loss [\d.]+ {2}accuracy [\d.]+$/gm) ?? [];
    assert.equal(summaries.length, 2, plain);
  });

  it('off a terminal prints only the summary lines', async () => {
    tl.setSeed(41);
    const { x, y } = blobs(32, 42);
    const model = compiledMlp();
    const pipe = new PassThrough();
    let output = '';
    pipe.on('data', (chunk: Buffer) => { output += chunk.toString(); });
    await model.fit(x, y, { epochs: 2, batchSize: 8, verbose: 0, callbacks: [new tl.callbacks.ProgressBar(pipe as unknown as NodeJS.WriteStream)] });
    const lines = output.trim().split('\n');
    assert.equal(lines.length, 2);
    assert.match(lines[1]!, /^epoch 2\/2 {2}[\d.]+s {2}\d+ samples\/s {2}/);
  });
});
