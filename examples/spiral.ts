/**
 * `npm start`: trains a two-layer network with autograd on the classic three-arm spiral
 * (CS231n's toy set, generated here from a fixed seed) and prints the loss falling.
 * Everything runs through the public API, as a user's script would.
 */
import * as tl from 'tensile';

const CLASSES = 3;
const PER_CLASS = 100;
const HIDDEN = 64;
const STEPS = 600;
const LEARNING_RATE = 0.5;

/** Points on three interleaved spiral arms with angular noise; labels are the arm index. */
function spiral(rng: tl.Random): { x: tl.Tensor; labels: tl.Tensor } {
  const points: number[] = [];
  const labels: number[] = [];
  for (let c = 0; c < CLASSES; c++) {
    for (let i = 0; i < PER_CLASS; i++) {
      const r = i / PER_CLASS;
      const theta = (c * 4) + (4 * i) / PER_CLASS + rng.nextNormal() * 0.2;
      points.push(r * Math.sin(theta), r * Math.cos(theta));
      labels.push(c);
    }
  }
  return { x: tl.tensor(points, [CLASSES * PER_CLASS, 2]), labels: tl.tensor(labels, [labels.length], 'int32') };
}

tl.setSeed(7);
const { x, labels } = spiral(new tl.Random(7));
const targets = tl.oneHot(labels, CLASSES);

// He-style initialisation for the ReLU layer, small weights for the output layer.
const w1 = tl.variable(tl.randomNormal([2, HIDDEN], 0, Math.sqrt(2 / 2)));
const b1 = tl.variable(tl.zeros([HIDDEN]));
const w2 = tl.variable(tl.randomNormal([HIDDEN, CLASSES], 0, 0.1));
const b2 = tl.variable(tl.zeros([CLASSES]));
const params = [w1, b1, w2, b2];

const logits = (input: tl.Tensor): tl.Tensor =>
  tl.fusedMatMul({ a: tl.fusedMatMul({ a: input, b: w1, bias: b1, activation: 'relu' }), b: w2, bias: b2 });

console.log(`Tensile demo: 2-layer MLP (2-${HIDDEN}-${CLASSES}) on a ${CLASSES}-arm spiral, ${x.shape[0]} points, backend ${tl.getBackend()}`);
const start = performance.now();
for (let step = 0; step <= STEPS; step++) {
  // Softmax cross-entropy, written with logSoftmax so large logits stay finite.
  const loss = tl.neg(tl.mean(tl.sum(tl.mul(targets, tl.logSoftmax(logits(x))), -1)));
  loss.backward();
  tl.noGrad(() => {
    for (const p of params) {
      p.assign(p.sub(p.grad!.mul(LEARNING_RATE)));
      p.grad = null;
    }
  });
  if (step % 100 === 0) {
    const accuracy = tl.noGrad(() => tl.mean(tl.cast(tl.equal(logits(x).argMax(-1), labels), 'float32')));
    console.log(`step ${String(step).padStart(4)}  loss ${loss.item().toFixed(4)}  accuracy ${(accuracy.item() * 100).toFixed(1)}%`);
  }
}
console.log(`done in ${((performance.now() - start) / 1000).toFixed(2)} s`);
