import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import * as tl from '../../../../src/index.js';
import { withWeights } from '../../layerContract.js';

/**
 * Keras' GRU with resetAfter and LSTM against PyTorch's nn.GRU and nn.LSTM: outputs computed by
 * PyTorch (test/fixtures/recurrent/torch_fixture.py) from the same weights, converted from
 * PyTorch's layout ([gates * units, in] rows; GRU gates r, z, n; two biases) to Keras'.
 */
interface TorchLayer {
  weight_ih: number[][];
  weight_hh: number[][];
  bias_ih: number[];
  bias_hh: number[];
  output: number[][][];
}
const fixture = JSON.parse(readFileSync(new URL('../../../fixtures/recurrent/torch.json', import.meta.url), 'utf8')) as { x: number[][][]; gru: TorchLayer; lstm: TorchLayer };
const x = tl.tensor(fixture.x);
const UNITS = 5;

/** Rows of PyTorch's gate blocks, in `order`, transposed to Keras' [in, gates * units] columns. */
function kerasKernel(rows: number[][], order: number[]): tl.Tensor {
  return tl.transpose(tl.tensor(order.flatMap((g) => rows.slice(g * UNITS, (g + 1) * UNITS))));
}
const reorder = (bias: number[], order: number[]): number[] => order.flatMap((g) => bias.slice(g * UNITS, (g + 1) * UNITS));

function assertNear(found: tl.Tensor, expected: number[][][], what: string): void {
  const e = expected.flat(2);
  found.dataSync().forEach((v, i) => assert.ok(Math.abs(v - e[i]!) < 2e-6, `${what}: value ${i} is ${v}, PyTorch gives ${e[i]}`));
}

describe('recurrent layers against PyTorch', () => {
  it('GRU with resetAfter is nn.GRU (gates r, z, n there; z, r, h here; the input and recurrent biases kept apart)', () => {
    const order = [1, 0, 2];
    const { gru } = fixture;
    const layer = withWeights(tl.layers.gru({ units: UNITS, returnSequences: true }), [4, 3], [
      kerasKernel(gru.weight_ih, order), kerasKernel(gru.weight_hh, order), tl.tensor([reorder(gru.bias_ih, order), reorder(gru.bias_hh, order)]),
    ]);
    assertNear(layer.apply(x), gru.output, 'GRU');
  });

  it('LSTM is nn.LSTM (the same i, f, g/c, o order; one bias, the sum of PyTorch\'s two)', () => {
    const { lstm } = fixture;
    const order = [0, 1, 2, 3];
    const layer = withWeights(tl.layers.lstm({ units: UNITS, returnSequences: true }), [4, 3], [
      kerasKernel(lstm.weight_ih, order), kerasKernel(lstm.weight_hh, order), tl.tensor(lstm.bias_ih.map((b, i) => b + lstm.bias_hh[i]!)),
    ]);
    assertNear(layer.apply(x), lstm.output, 'LSTM');
  });
});
