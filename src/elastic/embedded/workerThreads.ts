import { MessageChannel } from 'node:worker_threads';
import type { Worker } from 'node:worker_threads';
import type { SharedMemoryGroups } from '../collective/sharedMemoryGroups.js';
import type { CoordinatorStore } from '../store/store.js';
import { sizeNewThreadHeaps } from '../../v8Heap.js';
import type { WorkerReport } from '../worker/reports.js';
import { serveHost } from './hostApi.js';
import { siblingModule, spawnThread } from './spawnThread.js';
import type { HostMessage, ThreadJob } from './threadJob.js';

/**
 * The worker threads of an embedded job. Each gets its own channel to the host's store and
 * groups; a thread that exits, however it ends, is removed from the store at once, so its
 * generation ends without waiting for its lease to run out.
 */
export class WorkerThreads {
  private readonly threads = new Map<string, Worker>();
  private made = 0;

  constructor(
    private readonly job: Omit<ThreadJob, 'member' | 'port'>,
    private readonly store: CoordinatorStore,
    private readonly groups: SharedMemoryGroups,
    private readonly onReport: (report: WorkerReport) => void,
    private readonly onError: (err: Error) => void,
  ) {}

  /** Starts a worker thread; returns its member id. */
  add(): string {
    const member = `worker-${this.made++}`;
    const { port1, port2 } = new MessageChannel();
    const served = serveHost(port1, this.store, this.groups);
    const job: ThreadJob = { ...this.job, member, port: port2 };
    sizeNewThreadHeaps();
    const thread = spawnThread(siblingModule(import.meta.url, './thread'), { workerData: job, transferList: [port2] });
    this.threads.set(member, thread);
    thread.on('message', (report: WorkerReport) => this.onReport(report));
    thread.on('error', (err) => this.onError(err));
    thread.on('exit', () => {
      this.threads.delete(member);
      port1.close();
      void served.then((s) => s.close());
      void this.store.leave(member);
    });
    return member;
  }

  /** Asks a worker to leave after its current step. */
  leave(member: string): void {
    this.threads.get(member)?.postMessage({ type: 'leave' } satisfies HostMessage);
  }

  /** Stops a worker thread at once, wherever it is (as a crash would). */
  async kill(member: string): Promise<void> {
    await this.threads.get(member)?.terminate();
  }

  members(): string[] {
    return [...this.threads.keys()];
  }

  async killAll(): Promise<void> {
    await Promise.all([...this.threads.values()].map((t) => t.terminate()));
  }
}
