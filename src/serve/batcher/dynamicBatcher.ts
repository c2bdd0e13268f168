import { OverloadedError } from '../errors.js';
import type { Deadline } from '../http/deadline.js';
import type { HostTensor } from '../tensors/hostTensor.js';
import { rowSize } from '../tensors/hostTensor.js';

export interface BatcherOptions {
  /** Most rows in one batch (a request with more rows runs as a batch of its own). */
  maxBatch: number;
  /** Longest a request waits for others to share its batch. 0 or maxBatch 1: no batching. */
  delayMs: number;
  /** Most requests waiting; past it, requests are refused with 429. */
  maxQueue: number;
  /** How many batches may be running at once (the pool's ready replicas x their pipeline depth). */
  maxInFlight: () => number;
  run: (batch: HostTensor) => Promise<HostTensor>;
  /** Called with each batch's row count as it is sent. */
  onBatch?: (rows: number) => void;
}

interface Queued {
  input: HostTensor;
  rows: number;
  enqueuedAt: number;
  resolve: (output: HostTensor) => void;
  reject: (err: Error) => void;
}

const sameSampleShape = (a: readonly number[], b: readonly number[]): boolean => a.length === b.length && a.every((d, i) => i === 0 || d === b[i]);

/**
 * Dynamic batching for one model version: requests queue until `maxBatch` rows are waiting or the
 * oldest has waited `delayMs`, then run as one batch whose output rows are split back to their
 * requests in order. While every replica is busy (`maxInFlight` batches out), requests keep
 * queueing, so batches grow with the load. A request aborted while queued leaves the queue.
 */
export class DynamicBatcher {
  private readonly queue: Queued[] = [];
  private queuedRows = 0;
  private running = 0;
  private timer: NodeJS.Timeout | undefined;
  private readonly idleWaiters: (() => void)[] = [];

  constructor(private readonly options: BatcherOptions) {}

  /** Requests waiting to be batched. */
  get queueDepth(): number {
    return this.queue.length;
  }

  /** Batches sent and not answered yet. */
  get inFlight(): number {
    return this.running;
  }

  /** Resolves once nothing is queued or running (a retired model version is unloaded then). */
  idle(): Promise<void> {
    if (this.queue.length === 0 && this.running === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  submit(input: HostTensor, deadline?: Deadline): Promise<HostTensor> {
    if (this.queue.length >= this.options.maxQueue) {
      return Promise.reject(new OverloadedError(`the queue is full (${this.options.maxQueue} requests waiting); retry later`, 1));
    }
    return new Promise<HostTensor>((resolve, reject) => {
      const item: Queued = { input, rows: input.shape[0] ?? 1, enqueuedAt: performance.now(), resolve, reject };
      deadline?.whenExpired((reason) => this.remove(item, reason));
      this.queue.push(item);
      this.queuedRows += item.rows;
      this.pump();
    });
  }

  private remove(item: Queued, reason: Error): void {
    const at = this.queue.indexOf(item);
    if (at < 0) return;
    this.queue.splice(at, 1);
    this.queuedRows -= item.rows;
    item.reject(reason);
  }

  /** Sends batches while there is room and a batch is due; otherwise waits for the delay to run out. */
  private pump(): void {
    while (this.queue.length > 0 && this.running < Math.max(1, this.options.maxInFlight())) {
      const waited = performance.now() - this.queue[0]!.enqueuedAt;
      const due = this.queuedRows >= this.options.maxBatch || waited >= this.options.delayMs || this.options.maxBatch === 1;
      if (!due) {
        this.timer ??= setTimeout(() => {
          this.timer = undefined;
          this.pump();
        }, this.options.delayMs - waited);
        return;
      }
      this.send(this.take());
    }
    if (this.queue.length === 0 && this.running === 0) this.idleWaiters.splice(0).forEach((wake) => wake());
  }

  /** The head request and the ones after it that fit in one batch with the same sample shape. */
  private take(): Queued[] {
    const first = this.queue[0]!;
    let n = 1;
    let rows = first.rows;
    while (n < this.queue.length) {
      const next = this.queue[n]!;
      if (rows + next.rows > this.options.maxBatch || !sameSampleShape(first.input.shape, next.input.shape)) break;
      rows += next.rows;
      n++;
    }
    const items = this.queue.splice(0, n);
    this.queuedRows -= rows;
    return items;
  }

  private send(items: Queued[]): void {
    const rows = items.reduce((s, i) => s + i.rows, 0);
    const { dtype, shape } = items[0]!.input;
    let batch: HostTensor;
    if (items.length === 1) {
      batch = items[0]!.input;
    } else {
      const data = dtype === 'int32' ? new Int32Array(rows * rowSize(shape)) : new Float32Array(rows * rowSize(shape));
      let at = 0;
      for (const item of items) {
        data.set(item.input.data, at);
        at += item.input.data.length;
      }
      batch = { dtype, shape: [rows, ...shape.slice(1)], data };
    }
    this.running++;
    this.options.onBatch?.(rows);
    this.options.run(batch).then(
      (output) => split(items, output),
      (err: Error) => items.forEach((i) => i.reject(err)),
    ).finally(() => {
      this.running--;
      this.pump();
    });
  }
}

/** Hands each request its rows of the batch's output, in the order they were batched. */
function split(items: readonly Queued[], output: HostTensor): void {
  const per = rowSize(output.shape);
  let row = 0;
  for (const item of items) {
    const data = items.length === 1 ? output.data : output.data.slice(row * per, (row + item.rows) * per);
    item.resolve({ dtype: output.dtype, shape: [item.rows, ...output.shape.slice(1)], data });
    row += item.rows;
  }
}
