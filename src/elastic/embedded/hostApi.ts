/**
 * What a worker thread asks of its host thread in embedded mode: the coordinator store (the
 * host's MemoryStore) and the memory of its generation's shared-memory group. Store events reach
 * the thread as notices. `RemoteStore` and `RemoteGroups` are the thread's side: the same
 * CoordinatorStore and CollectiveFactory interfaces the worker runtime uses with Redis and Gloo.
 */
import type { MessagePort } from 'node:worker_threads';
import type { Collective, CollectiveFactory } from '../collective/collective.js';
import { SharedMemoryCollective } from '../collective/sharedMemory.js';
import type { SharedMemoryGroups } from '../collective/sharedMemoryGroups.js';
import type { Commit, CoordinatorStore, Generation, MemberInfo, StoreEvent, Subscription } from '../store/store.js';
import { RpcClient, serveRpc } from './rpc.js';

export interface HostApi extends Omit<CoordinatorStore, 'subscribe' | 'close'> {
  attachGroup(generation: Generation, member: string): Promise<SharedArrayBuffer>;
}

/** Serves `store` and `groups` to the thread at the other end of `port`; close the result when the thread is gone. */
export async function serveHost(port: MessagePort, store: CoordinatorStore, groups: SharedMemoryGroups): Promise<Subscription> {
  const api: HostApi = {
    join: (member, leaseMs) => store.join(member, leaseMs),
    renew: (id, leaseMs) => store.renew(id, leaseMs),
    leave: (id) => store.leave(id),
    members: () => store.members(),
    jobNonce: () => store.jobNonce(),
    generation: () => store.generation(),
    publishGeneration: (previous, members) => store.publishGeneration(previous, members),
    claimCoordinator: (id, leaseMs, replacing) => store.claimCoordinator(id, leaseMs, replacing),
    resignCoordinator: (id) => store.resignCoordinator(id),
    coordinator: () => store.coordinator(),
    reportFailure: (generation, member) => store.reportFailure(generation, member),
    failureReports: (generation) => store.failureReports(generation),
    commit: (commit) => store.commit(commit),
    lastCommit: () => store.lastCommit(),
    attachGroup: async (generation, member) => groups.attach(generation, member),
  };
  const notify = serveRpc(port, api);
  return store.subscribe(notify);
}

/** The host's store, seen from a worker thread. */
export class RemoteStore implements CoordinatorStore {
  private readonly listeners = new Set<(event: StoreEvent) => void>();
  readonly rpc: RpcClient<HostApi>;

  constructor(port: MessagePort) {
    this.rpc = new RpcClient<HostApi>(port, (event) => this.listeners.forEach((l) => l(event as StoreEvent)));
  }

  join(member: MemberInfo, leaseMs: number): Promise<void> { return this.rpc.call('join', member, leaseMs); }
  renew(id: string, leaseMs: number): Promise<boolean> { return this.rpc.call('renew', id, leaseMs); }
  leave(id: string): Promise<void> { return this.rpc.call('leave', id); }
  members(): Promise<MemberInfo[]> { return this.rpc.call('members'); }
  jobNonce(): Promise<string> { return this.rpc.call('jobNonce'); }
  generation(): Promise<Generation | undefined> { return this.rpc.call('generation'); }
  publishGeneration(previous: number, members: readonly string[]): Promise<Generation | undefined> { return this.rpc.call('publishGeneration', previous, members); }
  claimCoordinator(id: string, leaseMs: number, replacing?: string): Promise<boolean> { return this.rpc.call('claimCoordinator', id, leaseMs, replacing); }
  resignCoordinator(id: string): Promise<void> { return this.rpc.call('resignCoordinator', id); }
  coordinator(): Promise<string | undefined> { return this.rpc.call('coordinator'); }
  reportFailure(generation: number, member: string): Promise<void> { return this.rpc.call('reportFailure', generation, member); }
  failureReports(generation: number): Promise<string[]> { return this.rpc.call('failureReports', generation); }
  commit(commit: Commit): Promise<void> { return this.rpc.call('commit', commit); }
  lastCommit(): Promise<Commit | undefined> { return this.rpc.call('lastCommit'); }

  async subscribe(listener: (event: StoreEvent) => void): Promise<Subscription> {
    this.listeners.add(listener);
    return { close: async () => void this.listeners.delete(listener) };
  }

  async close(): Promise<void> {
    this.listeners.clear();
    this.rpc.close();
  }
}

/** Shared-memory groups whose memory the host hands out. */
export class RemoteGroups implements CollectiveFactory {
  constructor(private readonly rpc: RpcClient<HostApi>, private readonly member: string, private readonly timeoutMs: number) {}

  async form(generation: Generation, rank: number): Promise<Collective> {
    const buffer = await this.rpc.call('attachGroup', generation, this.member);
    return new SharedMemoryCollective(buffer, rank, generation.members.length, { timeoutMs: this.timeoutMs });
  }
}
