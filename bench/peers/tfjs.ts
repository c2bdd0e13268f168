/**
 * TF.js side of the benchmarks: `node --import tsx bench/peers/tfjs.ts cpu|wasm CASE SECONDS`.
 * Both backends run on one thread in Node (the wasm backend's threaded build needs browser
 * workers), so rows report threads = 1. The wasm binaries come from the npm package itself.
 */
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import type { CaseName, Result } from '../cases.js';
import { CNN_BATCH, LSTM_BATCH, LSTM_UNITS, MLP_BATCH, PREDICT_BATCH, SGEMM_SIZES } from '../cases.js';
import { median, seededFloats, seededLabels, timed } from '../timing.js';

const [backendName, caseName, secondsArg] = process.argv.slice(2) as ['cpu' | 'wasm', CaseName, string];
const seconds = Number(secondsArg);
const emit = (r: Omit<Result, 'case' | 'threads'>): void => console.log(JSON.stringify({ case: caseName, threads: 1, ...r }));

// The plain JS cpu backend takes ~18 s for one 2048 product: that row is left out for it.
const SLOW_SGEMM_LIMIT = backendName === 'cpu' ? 1024 : Infinity;

function mlp(): tf.Sequential {
  return tf.sequential({ layers: [
    tf.layers.dense({ units: 128, activation: 'relu', inputShape: [784] }),
    tf.layers.dense({ units: 10 }),
  ] });
}

function cnn(): tf.Sequential {
  return tf.sequential({ layers: [
    tf.layers.conv2d({ filters: 32, kernelSize: 3, activation: 'relu', inputShape: [28, 28, 1] }),
    tf.layers.maxPooling2d({ poolSize: 2 }),
    tf.layers.conv2d({ filters: 64, kernelSize: 3, activation: 'relu' }),
    tf.layers.maxPooling2d({ poolSize: 2 }),
    tf.layers.flatten(),
    tf.layers.dense({ units: 64, activation: 'relu' }),
    tf.layers.dense({ units: 10 }),
  ] });
}

/** Keras' gates (sigmoid, not TF.js' default hardSigmoid), as Tensile and PyTorch compute them. */
function lstm(): tf.Sequential {
  return tf.sequential({ layers: [
    tf.layers.lstm({ units: LSTM_UNITS, recurrentActivation: 'sigmoid', inputShape: [28, 28] }),
    tf.layers.dense({ units: 10 }),
  ] });
}

async function train(model: tf.Sequential, shape: number[]): Promise<void> {
  const batch = shape[0]!;
  const x = tf.tensor(seededFloats(shape.reduce((a, b) => a * b, 1), 1), shape);
  const y = tf.oneHot(tf.tensor1d(seededLabels(batch, 7), 'int32'), 10);
  const opt = tf.train.adam(1e-3);
  const times = await timed(() => {
    const loss = opt.minimize(() => tf.losses.softmaxCrossEntropy(y, model.apply(x) as tf.Tensor), true);
    loss?.dataSync();
    loss?.dispose();
  }, seconds);
  emit({ samples_per_s: batch / median(times) });
}

async function main(): Promise<void> {
  if (backendName === 'wasm') {
    setWasmPaths(fileURLToPath(new URL('../../node_modules/@tensorflow/tfjs-backend-wasm/dist/', import.meta.url)));
  }
  if (!(await tf.setBackend(backendName))) throw new Error(`tfjs backend ${backendName} failed to initialise`);
  await tf.ready();
  console.error(`tfjs backend: ${tf.getBackend()}`);
  if (caseName === 'sgemm') {
    for (const n of SGEMM_SIZES.filter((s) => s <= SLOW_SGEMM_LIMIT)) {
      const a = tf.tensor(seededFloats(n * n, 1), [n, n]), b = tf.tensor(seededFloats(n * n, 2), [n, n]);
      const times = await timed(() => tf.tidy(() => tf.matMul(a, b).dataSync()), seconds);
      emit({ n, gflops: (2 * n ** 3) / median(times) / 1e9 });
    }
  } else if (caseName === 'mlp') {
    await train(mlp(), [MLP_BATCH, 784]);
  } else if (caseName === 'cnn') {
    await train(cnn(), [CNN_BATCH, 28, 28, 1]);
  } else if (caseName === 'lstm') {
    await train(lstm(), [LSTM_BATCH, 28, 28]);
  } else if (caseName === 'predict') {
    const model = mlp();
    const predict = (x: tf.Tensor): unknown => tf.tidy(() => tf.softmax(model.predict(x) as tf.Tensor).dataSync());
    const one = tf.tensor(seededFloats(784, 1), [1, 784]);
    emit({ batch: 1, median_us: median(await timed(() => predict(one), seconds, 2000)) * 1e6 });
    const big = tf.tensor(seededFloats(PREDICT_BATCH * 784, 1), [PREDICT_BATCH, 784]);
    emit({ batch: PREDICT_BATCH, samples_per_s: PREDICT_BATCH / median(await timed(() => predict(big), seconds)) });
  }
}

await main().catch((err: Error) => emit({ error: err.message.split('\n')[0]! }));
