/**
 * LSTM(128) on MNIST, each image read as a sequence: 28 steps (its rows) of 28 features (the
 * pixels of a row). Trains with Adam (learning rate on a cosine decay) and gradient clipping,
 * prints each epoch's validation accuracy, then the test accuracy and the training speed, and
 * saves the model.
 *
 *   node --import tsx examples/mnist-rnn.ts [--epochs 10] [--batch-size 64] [--out models/mnist-rnn]
 *
 * The last line is JSON: {"testAccuracy", "testLoss", "epochs", "samplesPerSecond", "backend", "seconds"}.
 */
import { parseArgs } from 'node:util';
import * as tl from 'tensile';

const { values } = parseArgs({
  options: { epochs: { type: 'string', default: '10' }, 'batch-size': { type: 'string', default: '64' }, out: { type: 'string', default: 'models/mnist-rnn' } },
});
const epochs = Number(values.epochs);
const batchSize = Number(values['batch-size']);

tl.setSeed(1);
const { train, test } = tl.io.loadMnist();
const model = tl.sequential([
  tl.layers.reshape({ targetShape: [28, 28], inputShape: [28, 28, 1] }),
  tl.layers.lstm({ units: 128 }),
  tl.layers.dense({ units: 10, activation: 'softmax' }),
]);
model.summary();
const trainCount = train.x.shape[0]! * (11 / 12);
const learningRate = tl.schedules.cosineDecay({ initialLearningRate: 2e-3, decaySteps: Math.ceil(trainCount / batchSize) * epochs, alpha: 0.05 });
model.compile({
  // Clipping the global gradient norm guards against the exploding gradients recurrent networks can have.
  optimizer: new tl.optimizers.Adam({ learningRate, globalClipNorm: 5 }),
  loss: 'sparseCategoricalCrossentropy',
  metrics: ['accuracy'],
});

console.log(`training on ${train.x.shape[0]} images (${batchSize} per batch, last 5,000 held out for validation), backend ${tl.getBackend()}`);
const started = performance.now();
const history = await model.fit(train.x, train.y, {
  epochs, batchSize, validationSplit: 1 / 12, seed: 1,
  callbacks: [{ onEpochEnd: (epoch, logs) => console.log(`epoch ${epoch + 1}: loss ${logs['loss']?.toFixed(4)}, validation accuracy ${((logs['val_accuracy'] ?? 0) * 100).toFixed(2)}%`) }],
});
const seconds = (performance.now() - started) / 1000;
const { loss, accuracy } = model.evaluate(test.x, test.y, { batchSize: 500 });
await model.save(values.out);
const trained = trainCount * history.epoch.length;
console.log(`test accuracy ${(accuracy! * 100).toFixed(2)}% (loss ${loss!.toFixed(4)}) after ${history.epoch.length} epochs, ${seconds.toFixed(0)} s, ${Math.round(trained / seconds)} samples/s; saved to ${values.out}`);
console.log(JSON.stringify({ testAccuracy: accuracy, testLoss: loss, epochs: history.epoch.length, samplesPerSecond: Math.round(trained / seconds), backend: tl.getBackend(), seconds: Math.round(seconds) }));
