import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as tl from '../../src/index.js';
import type { Layer } from '../../src/nn/layers/layer.js';
import { layerFromConfig } from '../../src/nn/layers/registry.js';
import { roundTripLayer } from '../helpers/saveLoad.js';

/**
 * The one contract every layer passes (Keras' run_layer_test): each layer's test file calls
 * `layerContract` with a way to make the layer and an input, and adds its own hand-computed
 * values and error cases beside it.
 */
export interface LayerContract {
  /** Tells apart several contracts of one layer class (other arguments, other input ranks). */
  title?: string;
  /** Makes a fresh, unbuilt layer; every check starts from its own. */
  make: () => Layer;
  /** The input the checks use, batch dimension first (int32 for layers that take ids). */
  input: () => tl.Tensor;
  /** The output shape for that input. */
  outputShape: number[];
  /** The weights `build` makes, in order; names without the `<layer>/` prefix (`kernel`, `moving_mean`). */
  weights: { name: string; shape: number[]; trainable: boolean }[];
}

const sampleShape = (x: tl.Tensor) => x.shape.slice(1);

export function layerContract(contract: LayerContract): void {
  const { make, input, outputShape, weights } = contract;

  describe(`layer contract: ${make().className}${contract.title === undefined ? '' : `, ${contract.title}`}`, () => {
    it('builds from the input shape: weights named <layer>/<name> with the expected shapes, trainability and count', () => {
      const layer = make();
      assert.equal(layer.built, false);
      layer.apply(input());
      assert.equal(layer.built, true);
      const found = layer.weights.map((w) => ({ name: w.name, shape: [...w.tensor.shape], trainable: w.trainable }));
      assert.deepEqual(found, weights.map((w) => ({ ...w, name: `${layer.name}/${w.name}` })));
      assert.equal(layer.countParams(), weights.reduce((n, w) => n + w.shape.reduce((a, b) => a * b, 1), 0));
      assert.deepEqual(layer.trainableWeights.map((w) => w.name), weights.filter((w) => w.trainable).map((w) => `${layer.name}/${w.name}`));
    });

    it('the output shape is the expected one and computeOutputShape agrees', () => {
      const layer = make();
      const x = input();
      const y = layer.apply(x);
      assert.deepEqual([...y.shape], outputShape);
      assert.deepEqual(layer.computeOutputShape([null, ...sampleShape(x)]), [null, ...outputShape.slice(1)]);
    });

    it('applied to a symbolic input, it gives the shape of the real call', () => {
      const x = input();
      const symbolic = make().apply(tl.input({ shape: sampleShape(x), dtype: x.dtype }));
      assert.deepEqual(symbolic.shape, [null, ...outputShape.slice(1)]);
      assert.equal(symbolic.dtype, 'float32');
    });

    it('is deterministic in inference mode', () => {
      const layer = make();
      const x = input();
      const first = layer.apply(x).dataSync();
      assert.deepEqual(layer.apply(x).dataSync(), first);
      assert.deepEqual(layer.apply(x, { training: false }).dataSync(), first);
    });

    it('config round trip: layerFromConfig(JSON of getConfig()) plus setWeights(getWeights()) gives identical outputs', () => {
      const layer = make();
      const x = input();
      const y = layer.apply(x);
      const config = JSON.parse(JSON.stringify(layer.getConfig()));
      const clone = layerFromConfig(layer.className, config);
      assert.equal(clone.className, layer.className);
      assert.deepEqual(JSON.parse(JSON.stringify(clone.getConfig())), config, 'the rebuilt layer writes the same config');
      clone.apply(x);
      clone.setWeights(layer.getWeights());
      assert.deepEqual(clone.apply(x).dataSync(), y.dataSync());
    });

    it('a training step (loss = sum of outputs) gives every trainable weight a gradient of its shape, and no other weight one', () => {
      const layer = make();
      const raw = input();
      const x = raw.dtype === 'float32' ? tl.variable(raw) : raw;
      tl.sum(layer.apply(x, { training: true })).backward();
      for (const w of layer.weights) {
        if (w.trainable) {
          assert.ok(w.tensor.grad !== null, `${w.name} has a gradient`);
          assert.deepEqual(w.tensor.grad.shape, w.tensor.shape, `${w.name} gradient shape`);
          assert.ok(w.tensor.grad.dataSync().every(Number.isFinite), `${w.name} gradient is finite`);
        } else {
          assert.equal(w.tensor.grad, null, `${w.name} is not trainable`);
        }
      }
      if (x.requiresGrad) assert.deepEqual(x.grad?.shape, x.shape, 'input gradient shape');
    });

    it('refuses an input whose shape differs from the one it was built for, naming the layer', () => {
      const layer = make();
      const x = input();
      layer.apply(x);
      const wrong = tl.zeros([...x.shape.slice(0, -1), x.shape[x.rank - 1]! + 1], x.dtype);
      assert.throws(() => layer.apply(wrong), (e: Error) => e instanceof tl.ShapeError && e.message.startsWith(`${layer.name}: expected input shape`));
    });

    it('save/load round trip in the TF.js layers format (model.json + weights.bin) gives the same config, weights and outputs', () =>
      roundTripLayer(make(), input()));
  });
}

/** Builds `layer` for samples of `sampleShape` and gives it `weights` (for hand-computed cases). */
export function withWeights<L extends Layer>(layer: L, sampleShape: number[], weights: tl.Tensor[]): L {
  layer.ensureBuilt([null, ...sampleShape]);
  layer.setWeights(weights);
  return layer;
}

/** Values rounded to `digits` decimals, for comparing float32 results with hand-computed ones. */
export function rounded(t: tl.Tensor, digits = 5): number[] {
  return Array.from(t.dataSync(), (v) => +v.toFixed(digits));
}
