import { CoordinationError } from '../errors.js';
import { newNonce } from '../security.js';
import type { Commit, CoordinatorStore, Generation, MemberInfo, StoreEvent, Subscription } from './store.js';

interface Lease {
  until: number;
}

/**
 * The coordinator store of one process (the embedded default): plain objects, leases checked
 * against the clock whenever they are read. Every method is atomic because JavaScript runs one
 * at a time; events are delivered after the change, in order, on a later microtask.
 */
export class MemoryStore implements CoordinatorStore {
  private readonly memberLeases = new Map<string, MemberInfo & Lease>();
  private current: Generation | undefined;
  private coordinatorLease: { id: string } & Lease | undefined;
  private committed: Commit | undefined;
  private nonce: string | undefined;
  private readonly failures = new Map<number, Set<string>>();
  private readonly listeners = new Set<(event: StoreEvent) => void>();

  private alive<T extends Lease>(lease: T | undefined): lease is T {
    return lease !== undefined && lease.until > performance.now();
  }

  private emit(event: StoreEvent): void {
    for (const listener of [...this.listeners]) queueMicrotask(() => this.listeners.has(listener) && listener(event));
  }

  async join(member: MemberInfo, leaseMs: number): Promise<void> {
    if (this.alive(this.memberLeases.get(member.id))) throw new CoordinationError(`join: member '${member.id}' is already a member`);
    // Deleting first moves a rejoining id to the end of the join order.
    this.memberLeases.delete(member.id);
    this.memberLeases.set(member.id, { ...member, until: performance.now() + leaseMs });
    this.emit({ type: 'members', joined: member.id });
  }

  async renew(id: string, leaseMs: number): Promise<boolean> {
    const lease = this.memberLeases.get(id);
    if (!this.alive(lease)) return false;
    lease.until = performance.now() + leaseMs;
    return true;
  }

  async leave(id: string): Promise<void> {
    if (this.memberLeases.delete(id)) this.emit({ type: 'members' });
  }

  async members(): Promise<MemberInfo[]> {
    const alive = [...this.memberLeases.values()].filter((m) => this.alive(m));
    return alive.map(({ until: _until, ...member }) => member);
  }

  async jobNonce(): Promise<string> {
    this.nonce ??= newNonce();
    return this.nonce;
  }

  async generation(): Promise<Generation | undefined> {
    return this.current;
  }

  async publishGeneration(previous: number, members: readonly string[]): Promise<Generation | undefined> {
    if ((this.current?.id ?? 0) !== previous) return undefined;
    const generation = { id: previous + 1, members: Object.freeze([...members]) };
    this.current = generation;
    this.emit({ type: 'generation', generation });
    return generation;
  }

  async claimCoordinator(id: string, leaseMs: number, replacing?: string): Promise<boolean> {
    const lease = this.coordinatorLease;
    if (this.alive(lease) && lease.id !== id && lease.id !== replacing) return false;
    this.coordinatorLease = { id, until: performance.now() + leaseMs };
    return true;
  }

  async resignCoordinator(id: string): Promise<void> {
    if (this.coordinatorLease?.id === id) this.coordinatorLease = undefined;
  }

  async coordinator(): Promise<string | undefined> {
    return this.alive(this.coordinatorLease) ? this.coordinatorLease.id : undefined;
  }

  async reportFailure(generation: number, member: string): Promise<void> {
    const reports = this.failures.get(generation) ?? new Set<string>();
    this.failures.set(generation, reports.add(member));
    this.emit({ type: 'failure', generation });
  }

  async failureReports(generation: number): Promise<string[]> {
    return [...(this.failures.get(generation) ?? [])];
  }

  async commit(commit: Commit): Promise<void> {
    if (this.committed === undefined || commit.step > this.committed.step) this.committed = { ...commit };
  }

  async lastCommit(): Promise<Commit | undefined> {
    return this.committed;
  }

  async subscribe(listener: (event: StoreEvent) => void): Promise<Subscription> {
    this.listeners.add(listener);
    return { close: async () => void this.listeners.delete(listener) };
  }

  async close(): Promise<void> {
    this.listeners.clear();
  }
}
