import * as tl from '../../../src/index.js';
import { assertClose } from '../../helpers/opCheck.js';

/** The quadratic every optimizer test minimises: L(θ) = Σ (θ − TARGET)², so g = 2 (θ − TARGET). */
export const START = [0.5, -1.5, 2, 0];
export const TARGET = [1, 1, -1, 0.25];

export function gradientAt(theta: readonly number[]): number[] {
  return theta.map((t, i) => 2 * (t - TARGET[i]!));
}

/**
 * Runs `steps` updates of `optimizer` on the quadratic (gradients from autograd, in float32) and
 * compares θ after each one with `reference`, a float64 update written independently in the test.
 */
export function assertTrajectory(optimizer: tl.optimizers.Optimizer, reference: (theta: number[], grad: number[], step: number) => number[], steps = 5): void {
  const param = tl.variable(START);
  let expected = START.slice();
  for (let t = 1; t <= steps; t++) {
    param.sub(tl.tensor(TARGET)).square().sum().backward();
    optimizer.step([param]);
    expected = reference(expected, gradientAt(expected), t);
    assertClose(param.dataSync(), expected, 1e-5, 1e-6, `θ after step ${t}`);
  }
}
