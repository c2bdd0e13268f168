import { ArgumentError } from '../errors.js';
import { epochRandom, globalRandom } from '../tensor/random.js';
import type { Batchable } from './stackElements.js';
import { stackElements } from './stackElements.js';
import * as stages from './stages.js';

/**
 * How a dataset makes its elements: a stream of keys for each epoch, and `load` to turn a key into
 * an element. Sources key samples by index, so shuffle, skip, take, shard and batch move numbers
 * and nothing is loaded until an element is asked for: a batch of a tensor source is one slice
 * (or one gather) per tensor, not a stack of per-sample tensors, and a shard loads only its own
 * batches.
 */
export interface Pipeline<T> {
  keys(epoch: number): AsyncIterable<unknown>;
  load(key: unknown): T;
  /** The batch of the elements of `keys` (only called by `batch`, whose elements are Batchable). */
  loadBatch(keys: unknown[]): T;
}

/** The batch of loaded elements; used wherever no faster way to batch a pipeline's keys is known. */
export function stackLoaded<T>(load: (key: unknown) => T): (keys: unknown[]) => T {
  return (keys) => stackElements(keys.map(load)) as T;
}

function checkCount(op: string, name: string, value: unknown, min: number): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new ArgumentError(`${op}: expected ${name} to be an integer >= ${min}, found ${String(value)}`);
  }
}

/**
 * A sequence of elements read with `for await`, built from a source (`fromTensors`, `fromArray`)
 * by chaining steps as in tf.data: `fromTensors({ x, y }).shuffle({ seed: 1 }).batch(32)`.
 * Each `for await` (or `toArray`) is one epoch and starts the next epoch number, which is what
 * reshuffles; `epoch(n)` reads a given epoch again.
 */
export class Dataset<T> {
  private nextEpoch = 0;

  /** Internal: use the sources (`fromTensors`, `fromArray`) to make datasets. */
  constructor(private readonly pipeline: Pipeline<T>, readonly size: number) {}

  private withKeys(size: number, step: (keys: AsyncIterable<unknown>, epoch: number) => AsyncIterable<unknown>): Dataset<T> {
    const { keys, load, loadBatch } = this.pipeline;
    return new Dataset({ keys: (epoch) => step(keys(epoch), epoch), load, loadBatch }, size);
  }

  /** The first `n` elements. */
  take(n: number): Dataset<T> {
    checkCount('take', 'n', n, 0);
    return this.withKeys(Math.min(this.size, n), (keys) => stages.take(keys, n));
  }

  /** All but the first `n` elements. */
  skip(n: number): Dataset<T> {
    checkCount('skip', 'n', n, 0);
    return this.withKeys(Math.max(0, this.size - n), (keys) => stages.skip(keys, n));
  }

  /**
   * Elements `index`, `index + count`, `index + 2 * count`, ... After `batch` that is sharding by
   * global batch index: with the same seed, shards 0..count-1 of an epoch together visit every
   * sample exactly once, whatever `count` is.
   */
  shard({ index, count }: { index: number; count: number }): Dataset<T> {
    checkCount('shard', 'count', count, 1);
    checkCount('shard', 'index', index, 0);
    if (index >= count) throw new ArgumentError(`shard: expected index < count, found index ${index} and count ${count}`);
    return this.withKeys(Math.max(0, Math.ceil((this.size - index) / count)), (keys) => stages.shard(keys, index, count));
  }

  /**
   * Random order, different each epoch and the same for the same seed and epoch. Without
   * `bufferSize` the whole dataset is one buffer (a uniform permutation); a smaller buffer
   * shuffles locally, as tf.data does. Without `seed`, one is drawn from the global generator,
   * so `tl.setSeed` makes it reproducible.
   */
  shuffle({ seed, bufferSize = Infinity }: { seed?: number; bufferSize?: number } = {}): Dataset<T> {
    if (bufferSize !== Infinity) checkCount('shuffle', 'bufferSize', bufferSize, 1);
    if (seed !== undefined && !Number.isFinite(seed)) throw new ArgumentError(`shuffle: expected a finite seed, found ${seed}`);
    const fixedSeed = seed ?? globalRandom.nextUint32();
    return this.withKeys(this.size, (keys, epoch) => stages.shuffle(keys, bufferSize, epochRandom(fixedSeed, epoch)));
  }

  /** Applies `fn` to each element when it is loaded. */
  map<U>(fn: (element: T) => U): Dataset<U> {
    if (typeof fn !== 'function') throw new ArgumentError('map: expected a function');
    const { keys, load } = this.pipeline;
    const mapped = (key: unknown): U => fn(load(key));
    return new Dataset({ keys, load: mapped, loadBatch: stackLoaded(mapped) }, this.size);
  }

  /**
   * Groups `size` consecutive elements into one, stacked along a new axis 0 (a record of tensors is
   * stacked name by name). The last batch is smaller unless `dropRemainder`.
   */
  batch(this: Dataset<T & Batchable>, size: number, { dropRemainder = false }: { dropRemainder?: boolean } = {}): Dataset<T> {
    checkCount('batch', 'size', size, 1);
    const { keys, loadBatch } = this.pipeline;
    const load = (group: unknown): T => loadBatch(group as unknown[]);
    const count = dropRemainder ? Math.floor(this.size / size) : Math.ceil(this.size / size);
    return new Dataset({ keys: (epoch) => stages.batch(keys(epoch), size, dropRemainder), load, loadBatch: stackLoaded(load) }, count);
  }

  /** Loads up to `n` elements ahead of the consumer, keeping their order. */
  prefetch(n: number): Dataset<T> {
    checkCount('prefetch', 'n', n, 1);
    const { keys, load } = this.pipeline;
    const loaded = (key: unknown): T => key as T;
    return new Dataset({ keys: (epoch) => stages.prefetch(stages.map(keys(epoch), load), n), load: loaded, loadBatch: stackLoaded(loaded) }, this.size);
  }

  /** The elements of epoch `n` (0-based); the same every time for the same `n`. */
  epoch(n: number): AsyncIterable<T> {
    checkCount('epoch', 'n', n, 0);
    const { keys, load } = this.pipeline;
    return stages.map(keys(n), load);
  }

  [Symbol.asyncIterator](): AsyncIterator<T> {
    return this.epoch(this.nextEpoch++)[Symbol.asyncIterator]();
  }

  /** The elements of the next epoch, in an array. */
  async toArray(): Promise<T[]> {
    const out: T[] = [];
    for await (const element of this) out.push(element);
    return out;
  }
}
