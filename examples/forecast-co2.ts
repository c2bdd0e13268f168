/**
 * Time-series forecasting with an LSTM on a real series: the monthly CO2 concentration measured
 * at Mauna Loa since 1958 (ppm), as the npm package vega-datasets (pinned, a devDependency)
 * ships it in data/co2-concentration.csv. The model sees the last 24 monthly changes and
 * predicts the next one; the forecast of next month is this month plus that change. It is
 * trained on the first 80% of the months and scored on the last 20%, against the naive
 * forecast "next month equals this month".
 *
 *   node --import tsx examples/forecast-co2.ts [--epochs 60]
 *
 * The last line is JSON: {"months", "testMonths", "lstmMae", "naiveMae", "lstmRmse", "naiveRmse"} (ppm).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import * as tl from 'tensile';

const WINDOW = 24;
const { values } = parseArgs({ options: { epochs: { type: 'string', default: '60' } } });

/** The CO2 column of the package's CSV (Date,CO2,adjusted CO2), oldest first. */
function loadCo2(): number[] {
  const file = fileURLToPath(new URL('../data/co2-concentration.csv', import.meta.resolve('vega-datasets')));
  const [header, ...rows] = readFileSync(file, 'utf8').trim().split('\n');
  const column = header!.split(',').indexOf('CO2');
  return rows.map((row) => Number(row.split(',')[column]));
}

const level = loadCo2();
const change = level.slice(1).map((v, i) => v - level[i]!);
// Window i holds changes [i, i + WINDOW) and predicts change i + WINDOW, i.e. level i + WINDOW + 1.
const windows = change.length - WINDOW;
const trainCount = Math.floor(windows * 0.8);
const trainChanges = change.slice(0, trainCount + WINDOW);
const mean = trainChanges.reduce((a, b) => a + b, 0) / trainChanges.length;
const std = Math.sqrt(trainChanges.reduce((a, b) => a + (b - mean) ** 2, 0) / trainChanges.length);
const scaled = change.map((d) => (d - mean) / std);

function samples(from: number, to: number): { x: tl.Tensor; y: tl.Tensor } {
  const x: number[] = [], y: number[] = [];
  for (let i = from; i < to; i++) {
    x.push(...scaled.slice(i, i + WINDOW));
    y.push(scaled[i + WINDOW]!);
  }
  return { x: tl.tensor(x, [to - from, WINDOW, 1]), y: tl.tensor(y, [to - from, 1]) };
}

tl.setSeed(7);
const train = samples(0, trainCount);
const test = samples(trainCount, windows);
const model = tl.sequential([tl.layers.lstm({ units: 32, inputShape: [WINDOW, 1] }), tl.layers.dense({ units: 1 })]);
model.compile({ optimizer: new tl.optimizers.Adam({ learningRate: 3e-3 }), loss: 'meanSquaredError' });
await model.fit(train.x, train.y, { epochs: Number(values.epochs), batchSize: 32, seed: 7, verbose: 0 });

// Forecasts of the test months' levels: the month before plus the predicted change.
const predicted = Array.from(model.predict(test.x).dataSync(), (s) => s * std + mean);
const errors = { lstm: [] as number[], naive: [] as number[] };
predicted.forEach((d, k) => {
  const t = trainCount + k + WINDOW + 1; // the level being forecast
  errors.lstm.push(level[t - 1]! + d - level[t]!);
  errors.naive.push(level[t - 1]! - level[t]!);
});
const mae = (e: number[]) => e.reduce((a, b) => a + Math.abs(b), 0) / e.length;
const rmse = (e: number[]) => Math.sqrt(e.reduce((a, b) => a + b * b, 0) / e.length);
const result = {
  months: level.length, testMonths: predicted.length,
  lstmMae: +mae(errors.lstm).toFixed(3), naiveMae: +mae(errors.naive).toFixed(3),
  lstmRmse: +rmse(errors.lstm).toFixed(3), naiveRmse: +rmse(errors.naive).toFixed(3),
};
console.log(`Mauna Loa CO2, ${level.length} months; next-month forecasts for the last ${predicted.length} months (trained on the ones before):`);
console.log(`  LSTM(32) on the last ${WINDOW} changes: MAE ${result.lstmMae} ppm, RMSE ${result.lstmRmse} ppm`);
console.log(`  naive (next = this month):   MAE ${result.naiveMae} ppm, RMSE ${result.naiveRmse} ppm`);
console.log(JSON.stringify(result));
