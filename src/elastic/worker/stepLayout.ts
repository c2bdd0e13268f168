/**
 * What one member contributes to a step's allreduce, laid out in one Float32Array so a step
 * costs a single collective call. After the sum every member holds, for the whole global batch:
 *
 *   gradients    every trainable weight's gradient, flattened, in trainableWeights order
 *   hasGradient  per trainable weight, how many members computed a gradient for it
 *   predictions  the model's outputs, each member having written the rows of its slice
 *                (only when the host keeps metrics; `predictionRows` is 0 otherwise)
 *   loss         the global batch's loss (each member adds its share)
 *   samples      the rows computed (the batch size when every slice was done)
 *   leaving[r]   1 if rank r leaves after this step          (each rank writes its own entry)
 *   newer[r]     1 if rank r knows of a newer generation
 *   joining[r]   1 if rank r knows of a worker that joined and is not a member yet
 *   seconds[r]   how long rank r took to compute its slice in this step
 */
export class StepLayout {
  readonly gradients: readonly number[];
  readonly hasGradient: number;
  readonly predictions: number;
  readonly loss: number;
  readonly samples: number;
  readonly leaving: number;
  readonly newer: number;
  readonly joining: number;
  readonly seconds: number;
  readonly length: number;

  constructor(readonly paramSizes: readonly number[], readonly predictionRows: number, readonly outputSize: number, readonly members: number) {
    let at = 0;
    this.gradients = paramSizes.map((n) => (at += n) - n);
    this.hasGradient = at;
    this.predictions = (at += paramSizes.length);
    this.loss = (at += predictionRows * outputSize);
    this.samples = at + 1;
    this.leaving = at + 2;
    this.newer = this.leaving + members;
    this.joining = this.newer + members;
    this.seconds = this.joining + members;
    this.length = this.seconds + members;
  }

  /** The ranks whose entry of the per-rank field starting at `field` is non-zero. */
  ranksWith(buffer: Float32Array, field: number): number[] {
    const ranks: number[] = [];
    for (let r = 0; r < this.members; r++) if (buffer[field + r] !== 0) ranks.push(r);
    return ranks;
  }
}
