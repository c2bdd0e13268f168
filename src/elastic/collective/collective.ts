/**
 * The data plane of elastic training: the members of one generation exchange numbers through a
 * Collective. One is formed per generation and never reused after a membership change, as
 * Horovod Elastic does with its contexts. Implementations: `sharedMemory.ts` (worker threads of
 * one process, through a SharedArrayBuffer) and, across processes, Gloo through the native addon.
 *
 * Every member calls the same operations in the same order with arrays of the same length. A
 * failure (a member gone, a timeout, the group aborted) rejects with a CollectiveError on every
 * member still waiting; the group is then unusable and the caller regroups.
 */
import type { Generation } from '../store/store.js';

export interface Collective {
  readonly rank: number;
  readonly size: number;
  /**
   * Sums `data` element-wise over all members, in place. Every member receives bit-identical
   * sums (each element is added up once, in rank order, and the result copied to all), so
   * members applying the same update stay identical. `timeoutMs`, when given, bounds this call's
   * wait for the other members instead of the group's timeout (a step deadline).
   */
  allreduce(data: Float32Array, timeoutMs?: number): Promise<void>;
  /** Copies member `root`'s `data` into every member's `data` (the same length everywhere). */
  broadcast(data: Uint8Array, root: number): Promise<void>;
  /** Leaves the group; later calls reject with a CollectiveError ('closed'). */
  close(): Promise<void>;
}

/** Forms the collective of a generation; one per transport. */
export interface CollectiveFactory {
  /**
   * Joins generation `generation`'s group as member `rank` (its index in the members). Rejects
   * with a CollectiveError when the group cannot form (superseded, a member never came).
   */
  form(generation: Generation, rank: number): Promise<Collective>;
}

/**
 * Broadcasts a message whose length only the root knows: first its length, then its bytes.
 * `payload` is read on the root and ignored elsewhere; every member returns the root's bytes.
 */
export async function broadcastMessage(collective: Collective, payload: Uint8Array | undefined, root: number): Promise<Uint8Array> {
  const header = new Uint8Array(8);
  const view = new DataView(header.buffer);
  if (collective.rank === root) view.setFloat64(0, payload!.byteLength, true);
  await collective.broadcast(header, root);
  const length = view.getFloat64(0, true);
  const data = collective.rank === root ? payload! : new Uint8Array(length);
  await collective.broadcast(data, root);
  return data;
}
