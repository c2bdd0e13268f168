/**
 * The steps of a dataset pipeline, each an async generator over any element type: the same code
 * reorders sample indices (before anything is loaded) and loaded elements alike.
 */
import type { Random } from '../tensor/random.js';

export async function* range(n: number): AsyncGenerator<number> {
  for (let i = 0; i < n; i++) yield i;
}

export async function* map<A, B>(source: AsyncIterable<A>, fn: (a: A) => B): AsyncGenerator<B> {
  for await (const a of source) yield fn(a);
}

export async function* take<T>(source: AsyncIterable<T>, n: number): AsyncGenerator<T> {
  if (n === 0) return;
  let i = 0;
  for await (const item of source) {
    yield item;
    if (++i === n) return;
  }
}

export async function* skip<T>(source: AsyncIterable<T>, n: number): AsyncGenerator<T> {
  let i = 0;
  for await (const item of source) {
    if (i++ >= n) yield item;
  }
}

/** Every `count`-th element from position `index`: shard `index` of `count`. */
export async function* shard<T>(source: AsyncIterable<T>, index: number, count: number): AsyncGenerator<T> {
  let i = 0;
  for await (const item of source) {
    if (i++ % count === index) yield item;
  }
}

export async function* batch<T>(source: AsyncIterable<T>, size: number, dropRemainder: boolean): AsyncGenerator<T[]> {
  let group: T[] = [];
  for await (const item of source) {
    group.push(item);
    if (group.length === size) {
      yield group;
      group = [];
    }
  }
  if (group.length > 0 && !dropRemainder) yield group;
}

/**
 * Buffered shuffle (as tf.data does it): fill a buffer, then emit a random buffered element and
 * put the next one in its place. A buffer at least as large as the stream gives a uniformly
 * random permutation.
 */
export async function* shuffle<T>(source: AsyncIterable<T>, bufferSize: number, random: Random): AsyncGenerator<T> {
  const buffer: T[] = [];
  const pick = (): number => Math.floor(random.next() * buffer.length);
  for await (const item of source) {
    if (buffer.length < bufferSize) {
      buffer.push(item);
      continue;
    }
    const j = pick();
    yield buffer[j]!;
    buffer[j] = item;
  }
  while (buffer.length > 0) {
    const j = pick();
    yield buffer[j]!;
    buffer[j] = buffer[buffer.length - 1]!;
    buffer.pop();
  }
}

/**
 * Keeps `n` elements requested beyond the one the consumer holds, so producing them overlaps
 * whatever the consumer awaits (a training step, I/O). An async generator answers queued
 * requests in order, so the order of elements is kept.
 */
export async function* prefetch<T>(source: AsyncIterable<T>, n: number): AsyncGenerator<T> {
  const iterator = source[Symbol.asyncIterator]();
  const ahead: Promise<IteratorResult<T>>[] = [];
  try {
    for (;;) {
      while (ahead.length <= n) {
        const request = iterator.next();
        // Marked handled here; the error still reaches the consumer when this request is awaited.
        request.catch(() => undefined);
        ahead.push(request);
      }
      const result = await ahead.shift()!;
      if (result.done) return;
      yield result.value;
    }
  } finally {
    await iterator.return?.();
  }
}
