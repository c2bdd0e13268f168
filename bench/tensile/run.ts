/**
 * Tensile's runner: `node --import tsx bench/tensile/run.ts CASE THREADS SECONDS`. The thread
 * count reaches the native backend through TENSILE_NUM_THREADS, set by bench/run.ts.
 */
import * as tl from '../../src/index.js';
import type { Tensor } from '../../src/index.js';
import type { CaseName, Result } from '../cases.js';
import { CNN_BATCH, LSTM_BATCH, LSTM_UNITS, MLP_BATCH, PREDICT_BATCH, SGEMM_SIZES } from '../cases.js';
import { median, seededFloats, seededLabels, timed } from '../timing.js';
import type { Model } from './models.js';
import { cnn, crossEntropy, lstm, mlp } from './models.js';

const [caseName, threadArg, secondsArg] = process.argv.slice(2) as [CaseName, string, string];
const threads = Number(threadArg);
const seconds = Number(secondsArg);
const emit = (r: Omit<Result, 'case' | 'threads'>): void => console.log(JSON.stringify({ case: caseName, threads, backend: tl.getBackend(), ...r }));

async function train(model: Model, x: Tensor, batch: number): Promise<void> {
  const targets = tl.oneHot(tl.tensor(seededLabels(batch, 7), [batch], 'int32'), 10);
  const opt = new tl.optimizers.Adam({ learningRate: 1e-3 });
  const times = await timed(() => {
    crossEntropy(model.logits(x), targets).backward();
    opt.step(model.params);
  }, seconds);
  emit({ samples_per_s: batch / median(times) });
}

async function main(): Promise<void> {
  if (caseName === 'sgemm') {
    for (const n of SGEMM_SIZES) {
      const a = tl.tensor(seededFloats(n * n, 1), [n, n]), b = tl.tensor(seededFloats(n * n, 2), [n, n]);
      const times = await timed(() => tl.matMul(a, b), seconds);
      emit({ n, gflops: (2 * n ** 3) / median(times) / 1e9 });
    }
  } else if (caseName === 'mlp') {
    await train(mlp(), tl.tensor(seededFloats(MLP_BATCH * 784, 1), [MLP_BATCH, 784]), MLP_BATCH);
  } else if (caseName === 'cnn') {
    await train(cnn(), tl.tensor(seededFloats(CNN_BATCH * 784, 1), [CNN_BATCH, 28, 28, 1]), CNN_BATCH);
  } else if (caseName === 'lstm') {
    await train(lstm(LSTM_UNITS), tl.tensor(seededFloats(LSTM_BATCH * 784, 1), [LSTM_BATCH, 28, 28]), LSTM_BATCH);
  } else if (caseName === 'predict') {
    const model = mlp();
    const predict = (x: Tensor): Tensor => tl.noGrad(() => tl.softmax(model.logits(x)));
    const one = tl.tensor(seededFloats(784, 1), [1, 784]);
    emit({ batch: 1, median_us: median(await timed(() => predict(one), seconds, 2000)) * 1e6 });
    const big = tl.tensor(seededFloats(PREDICT_BATCH * 784, 1), [PREDICT_BATCH, 784]);
    emit({ batch: PREDICT_BATCH, samples_per_s: PREDICT_BATCH / median(await timed(() => predict(big), seconds)) });
  }
}

await main();
