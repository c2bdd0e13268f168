/**
 * Elastic training's accuracy check on MNIST: the MNIST MLP (784-128-10, dropout 0.2, Adam) trained
 * twice with the same seed and global batch, once by a plain `fit`, once on worker threads whose
 * membership changes three times: a worker joins, one leaves gracefully, one is terminated
 * mid-step (as SIGKILL would). Prints both test accuracies and their difference (the target: within
 * 0.2 points).
 *
 *   npm run build && node --import tsx examples/elastic-mnist.ts [--epochs 3] [--batch-size 512] [--seed 1]
 *
 * The last line is JSON: {"uninterrupted", "elastic", "differencePoints", "membershipChanges", "seconds"}.
 */
import { parseArgs } from 'node:util';
import * as tl from 'tensile';

const { values } = parseArgs({
  options: { epochs: { type: 'string', default: '3' }, 'batch-size': { type: 'string', default: '512' }, seed: { type: 'string', default: '1' } },
});
const epochs = Number(values.epochs);
const batchSize = Number(values['batch-size']);
const seed = Number(values.seed);
const { train, test } = tl.io.loadMnist();

function mlp(): tl.LayersModel {
  tl.setSeed(seed);
  const model = tl.sequential([
    tl.layers.flatten({ inputShape: [28, 28, 1] }),
    tl.layers.dense({ units: 128, activation: 'relu' }),
    tl.layers.dropout({ rate: 0.2 }),
    tl.layers.dense({ units: 10, activation: 'softmax' }),
  ]);
  model.compile({ optimizer: new tl.optimizers.Adam({ learningRate: 1e-3 }), loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
  return model;
}

function testAccuracy(model: tl.LayersModel): number {
  return 100 * model.evaluate(test.x, test.y, { batchSize: 1024 }).accuracy!;
}

const started = performance.now();
const uninterrupted = mlp();
await uninterrupted.fit(train.x, train.y, { epochs, batchSize, seed, verbose: 0 });

const steps = epochs * Math.ceil(train.x.shape[0]! / batchSize);
const elastic = mlp();
const changes: string[] = [];
let job: tl.ElasticJob | undefined;
// Join, graceful leave, termination, spread over the run; each once, on the first report of its step.
const plan = [
  { at: Math.floor(steps * 0.15), act: (j: tl.ElasticJob) => changes.push(`step ~${Math.floor(steps * 0.15)}: ${j.addWorker()} joins`) },
  { at: Math.floor(steps * 0.45), act: (j: tl.ElasticJob) => (j.removeWorker('worker-0'), changes.push(`step ~${Math.floor(steps * 0.45)}: worker-0 leaves`)) },
  { at: Math.floor(steps * 0.7), act: (j: tl.ElasticJob) => (void j.killWorker('worker-1'), changes.push(`step ~${Math.floor(steps * 0.7)}: worker-1 terminated`)) },
];
await elastic.fit(train.x, train.y, {
  epochs, batchSize, seed, verbose: 0, workers: 2,
  elastic: {
    onStart: (j) => (job = j),
    onReport: (r) => {
      const due = plan[0];
      if (r.type === 'step' && due !== undefined && r.step >= due.at && job !== undefined) {
        plan.shift();
        due.act(job);
      }
    },
  },
});

const [a, b] = [testAccuracy(uninterrupted), testAccuracy(elastic)];
changes.forEach((c) => console.log(c));
console.log(`test accuracy: uninterrupted ${a.toFixed(2)} %, elastic ${b.toFixed(2)} %, difference ${(b - a).toFixed(2)} points`);
console.log(JSON.stringify({ uninterrupted: a, elastic: b, differencePoints: b - a, membershipChanges: changes.length, seconds: (performance.now() - started) / 1000 }));
