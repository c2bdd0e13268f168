import { ArgumentError } from '../../errors.js';
import { CollectiveError } from '../errors.js';
import type { Collective } from './collective.js';

/**
 * A Collective for the worker threads of one process: members sum and copy numbers through one
 * SharedArrayBuffer, synchronised with Atomics. No sockets, no copies through the event loop.
 *
 * Memory: a header of Int32 words — ABORT (non-zero once the group is abandoned), WAKE (bumped at
 * every arrival, what waiters sleep on) and one ARRIVE word per rank (the number of the last
 * barrier that rank reached) — then one slot of `capacity` floats per rank, then a result region
 * of `capacity` floats. Larger arrays go through in chunks of `capacity`.
 *
 * Every operation is a sequence of barriers that all members pass in the same order, so a rank's
 * count of barriers is the same number on every rank ("ticket"). Allreduce, per chunk: write own
 * slot; barrier; sum a 1/size share of every slot into the result (float32 additions in rank
 * order: every member copies out the same bits); barrier; copy the result out. A rank can write its slot for the next chunk only
 * after the second barrier (all sums are done), and sums into the result only after the next
 * first barrier (everyone has copied the previous result out), so two barriers per chunk suffice.
 * Broadcast, per chunk: the root writes its own slot; barrier; the others copy; barrier. (Not the
 * result region: right after an allreduce others may still be copying their sums out of it,
 * whereas every slot has been read by the allreduce's second barrier.)
 *
 * Waiting uses Atomics.waitAsync, so the member's event loop keeps running (messages, timers).
 * `abortSharedMemoryGroup` wakes every waiter with a CollectiveError ('aborted'); a barrier not
 * passed within the timeout rejects with 'timeout' and the ranks that did not arrive.
 */

const ABORT = 0;
const WAKE = 1;
const ARRIVE = 2;

/** Atomics.waitAsync (Node >= 16), which the ES2022 library types do not declare. */
type WaitAsync = (array: Int32Array, index: number, value: number, timeoutMs: number) =>
  { async: false; value: 'not-equal' | 'timed-out' } | { async: true; value: Promise<'ok' | 'timed-out'> };
const waitAsync = (Atomics as unknown as { waitAsync: WaitAsync }).waitAsync;

/** Floats per chunk by default: 1 MiB per member. */
export const DEFAULT_CAPACITY = 1 << 18;

function headerWords(size: number): number {
  return ARRIVE + size;
}

/** The memory of a new group of `size` members moving up to `capacity` floats per chunk. */
export function createSharedMemoryGroup(size: number, capacity = DEFAULT_CAPACITY): SharedArrayBuffer {
  if (!Number.isInteger(size) || size < 1) throw new ArgumentError(`createSharedMemoryGroup: size must be a positive integer, found ${size}`);
  if (!Number.isInteger(capacity) || capacity < 1) throw new ArgumentError(`createSharedMemoryGroup: capacity must be a positive integer, found ${capacity}`);
  return new SharedArrayBuffer(4 * (headerWords(size) + (size + 1) * capacity));
}

/** Abandons the group: every member waiting in it, now or later, gets a CollectiveError ('aborted'). */
export function abortSharedMemoryGroup(buffer: SharedArrayBuffer): void {
  const header = new Int32Array(buffer, 0, ARRIVE);
  Atomics.store(header, ABORT, 1);
  Atomics.add(header, WAKE, 1);
  Atomics.notify(header, WAKE);
}

export interface SharedMemoryOptions {
  /** How long a barrier may wait for the other members (default 60 s). */
  timeoutMs?: number;
}

export class SharedMemoryCollective implements Collective {
  private readonly header: Int32Array;
  private readonly slots: Float32Array[];
  private readonly result: Float32Array;
  private readonly capacity: number;
  private readonly timeoutMs: number;
  private ticket = 0;
  private closed = false;

  constructor(buffer: SharedArrayBuffer, readonly rank: number, readonly size: number, options: SharedMemoryOptions = {}) {
    if (!Number.isInteger(rank) || rank < 0 || rank >= size) throw new ArgumentError(`SharedMemoryCollective: rank ${rank} is not in [0, ${size})`);
    const words = headerWords(size);
    this.capacity = (buffer.byteLength / 4 - words) / (size + 1);
    if (!Number.isInteger(this.capacity) || this.capacity < 1) {
      throw new ArgumentError(`SharedMemoryCollective: a buffer of ${buffer.byteLength} bytes is not a group of ${size} (make it with createSharedMemoryGroup)`);
    }
    this.header = new Int32Array(buffer, 0, words);
    this.slots = Array.from({ length: size }, (_, r) => new Float32Array(buffer, 4 * (words + r * this.capacity), this.capacity));
    this.result = new Float32Array(buffer, 4 * (words + size * this.capacity), this.capacity);
    this.timeoutMs = options.timeoutMs ?? 60_000;
  }

  async allreduce(data: Float32Array, timeoutMs = this.timeoutMs): Promise<void> {
    for (let offset = 0; offset < data.length; offset += this.capacity) {
      const chunk = data.subarray(offset, Math.min(data.length, offset + this.capacity));
      this.slots[this.rank]!.set(chunk);
      await this.barrier('allreduce', timeoutMs);
      const share = Math.ceil(chunk.length / this.size);
      const start = Math.min(chunk.length, this.rank * share);
      const end = Math.min(chunk.length, start + share);
      const out = this.result;
      out.set(this.slots[0]!.subarray(start, end), start);
      for (let r = 1; r < this.size; r++) {
        const slot = this.slots[r]!;
        for (let i = start; i < end; i++) out[i] += slot[i]!;
      }
      await this.barrier('allreduce', timeoutMs);
      chunk.set(this.result.subarray(0, chunk.length));
    }
  }

  async broadcast(data: Uint8Array, root: number): Promise<void> {
    if (!Number.isInteger(root) || root < 0 || root >= this.size) throw new ArgumentError(`broadcast: root ${root} is not in [0, ${this.size})`);
    const slot = this.slots[root]!;
    const region = new Uint8Array(slot.buffer, slot.byteOffset, slot.byteLength);
    for (let offset = 0; offset < data.length; offset += region.length) {
      const chunk = data.subarray(offset, Math.min(data.length, offset + region.length));
      if (this.rank === root) region.set(chunk);
      await this.barrier('broadcast');
      if (this.rank !== root) chunk.set(region.subarray(0, chunk.length));
      await this.barrier('broadcast');
    }
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  /** Arrives at the next barrier and waits until every member has. */
  private async barrier(op: string, timeoutMs = this.timeoutMs): Promise<void> {
    if (this.closed) throw new CollectiveError(`${op}: the group was closed`, 'closed');
    const ticket = ++this.ticket;
    const h = this.header;
    Atomics.store(h, ARRIVE + this.rank, ticket);
    Atomics.add(h, WAKE, 1);
    Atomics.notify(h, WAKE);
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const seen = Atomics.load(h, WAKE);
      const missing: number[] = [];
      for (let r = 0; r < this.size; r++) if (Atomics.load(h, ARRIVE + r) < ticket) missing.push(r);
      // A barrier everyone reached counts even if the group was aborted since: the members
      // finishing the last step of a generation must agree that it completed.
      if (missing.length === 0) return;
      if (Atomics.load(h, ABORT) !== 0) throw new CollectiveError(`${op}: the group was aborted (its generation ended)`, 'aborted');
      const left = deadline - performance.now();
      if (left <= 0) throw new CollectiveError(`${op}: rank${missing.length > 1 ? 's' : ''} ${missing.join(', ')} did not arrive within ${timeoutMs} ms`, 'timeout', missing);
      const wait = waitAsync(h, WAKE, seen, left);
      if (!wait.async) continue;
      // A pending waitAsync does not keep the event loop alive; this timer does (and bounds the wait).
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([wait.value, new Promise((resolve) => (timer = setTimeout(resolve, left)))]);
      clearTimeout(timer);
    }
  }
}
