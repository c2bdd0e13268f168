import type { ChildProcess } from 'node:child_process';
import { fork } from 'node:child_process';
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InferenceError, ModelLoadError, ReplicaLostError } from '../errors.js';
import type { HostTensor } from '../tensors/hostTensor.js';
import type { ModelSignature } from '../tensors/signature.js';
import { withInitialOldGeneration } from '../../v8Heap.js';
import type { FromReplica, ReplicaConfig, ToReplica } from './messages.js';
import { ReplicaStats } from './replicaStats.js';

/**
 * One replica: a child process that holds every served model and runs batches on them.
 *
 * States and transitions:
 *   starting --every model loaded--> ready --drain()--> draining --nothing in flight--> stopped
 *   starting | ready | draining --exit, signal, kill(), load failure--> dead
 * Only a ready replica is given batches. When it dies, every batch it held is rejected with
 * ReplicaLostError, which the pool answers by retrying the batch on another replica.
 */
export type ReplicaState = 'starting' | 'ready' | 'draining' | 'stopped' | 'dead';

/** A model version every replica of a pool must hold. */
export interface ServedVersion {
  readonly model: string;
  readonly version: number;
  readonly dir: string;
}

interface Pending<T> {
  resolve: (value: T) => void;
  reject: (err: Error) => void;
}

interface PendingBatch extends Pending<HostTensor> {
  sentAt: number;
  rows: number;
  timer: NodeJS.Timeout;
}

// The child runs the same kind of file as this one: replicaMain.ts under tsx, replicaMain.js when built.
const ENTRY = fileURLToPath(new URL(`./replicaMain${extname(fileURLToPath(import.meta.url))}`, import.meta.url));

/** The parent's node flags minus debugger ones (a second process cannot listen on the same port), with v8Heap.ts's initial old generation. */
const childExecArgv = (): string[] => withInitialOldGeneration(process.execArgv.filter((a) => !a.startsWith('--inspect')));

const versionKey = (model: string, version: number): string => `${model}@${version}`;

export class Replica {
  readonly stats: ReplicaStats;
  readonly startedAt = performance.now();
  state: ReplicaState = 'starting';
  stoppedAt: number | undefined;
  /** Settles when every model given at start has loaded (rejects if one fails or the process dies first). */
  readonly ready: Promise<void>;
  /** Settles when the process has exited, however it ended. */
  readonly exited: Promise<void>;
  readonly signatures = new Map<string, ModelSignature>();
  private readonly child: ChildProcess;
  private readonly batches = new Map<number, PendingBatch>();
  private readonly pings = new Map<number, Pending<void>>();
  private readonly loads = new Map<string, Pending<ModelSignature>>();
  private nextId = 1;
  private deathReason = '';

  constructor(readonly slot: number, versions: readonly ServedVersion[], config: ReplicaConfig, onDeath: (replica: Replica, reason: string) => void) {
    this.stats = new ReplicaStats(slot);
    // Replicas are the unit of parallelism: one compute thread each unless the user says otherwise.
    const env = { ...process.env, OMP_NUM_THREADS: process.env['OMP_NUM_THREADS'] ?? '1' };
    this.child = fork(ENTRY, [JSON.stringify(config)], { serialization: 'advanced', env, execArgv: childExecArgv(), stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.child.on('message', (m: FromReplica) => this.receive(m));
    this.child.on('error', (err) => this.kill(`its channel failed: ${err.message}`));
    this.exited = new Promise((resolve) => {
      this.child.on('exit', (code, signal) => {
        const wasStopping = this.state === 'draining' || this.state === 'stopped';
        this.stoppedAt ??= performance.now();
        if (!wasStopping || this.batches.size > 0) {
          const how = signal !== null ? `it was killed by ${signal}` : `it exited with code ${code}`;
          // A failed send or a timeout may be noticed before the exit: say both.
          this.die(this.state === 'dead' ? `${this.deathReason}; ${how}` : how, onDeath);
        } else {
          this.state = 'stopped';
          // Drained before it was ready: its loads will never answer.
          this.rejectWaiting(new ReplicaLostError(`replica ${this.slot} stopped`));
        }
        resolve();
      });
    });
    this.ready = Promise.all(versions.map((v) => this.load(v))).then(() => {
      if (this.state === 'starting') this.state = 'ready';
    });
    // A failed load is reported through `ready`; the replica is of no use and goes.
    this.ready.catch((err: Error) => this.kill(`it could not load a model: ${err.message}`));
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get live(): boolean {
    return this.state === 'starting' || this.state === 'ready' || this.state === 'draining';
  }

  private send(message: ToReplica): void {
    if (!this.child.connected) return;
    this.child.send(message, (err) => {
      if (err !== null) this.kill(`a message could not be sent: ${err.message}`);
    });
  }

  private receive(m: FromReplica): void {
    switch (m.type) {
      case 'loaded':
      case 'loadFailed': {
        const k = versionKey(m.model, m.version);
        const pending = this.loads.get(k);
        this.loads.delete(k);
        if (m.type === 'loaded') {
          this.signatures.set(k, m.signature);
          pending?.resolve(m.signature);
        } else {
          pending?.reject(new ModelLoadError(`replica ${this.slot}: cannot load version ${m.version} of model '${m.model}': ${m.message}`));
        }
        break;
      }
      case 'result':
      case 'failed': {
        const batch = this.batches.get(m.id);
        if (batch === undefined) return;
        this.batches.delete(m.id);
        clearTimeout(batch.timer);
        if (m.type === 'result') {
          this.stats.answered(batch.sentAt, batch.rows);
          batch.resolve(m.output);
        } else {
          this.stats.dropped();
          batch.reject(new InferenceError(`replica ${this.slot}: ${m.message}`));
        }
        this.stopIfDrained();
        break;
      }
      case 'pong':
        this.pings.get(m.id)?.resolve();
        this.pings.delete(m.id);
        break;
    }
  }

  /** Loads a model version; resolves with its signature. */
  load(v: ServedVersion): Promise<ModelSignature> {
    return new Promise<ModelSignature>((resolve, reject) => {
      if (!this.live) return reject(new ReplicaLostError(`replica ${this.slot} is ${this.state}`));
      this.loads.set(versionKey(v.model, v.version), { resolve, reject });
      this.send({ type: 'load', model: v.model, version: v.version, dir: v.dir });
    });
  }

  unload(model: string, version: number): void {
    this.signatures.delete(versionKey(model, version));
    this.send({ type: 'unload', model, version });
  }

  /** Runs one batch. A replica that does not answer within `timeoutMs` is killed (and the batch lost). */
  infer(model: string, version: number, input: HostTensor, timeoutMs: number): Promise<HostTensor> {
    return new Promise<HostTensor>((resolve, reject) => {
      if (this.state !== 'ready') return reject(new ReplicaLostError(`replica ${this.slot} is ${this.state}`));
      const id = this.nextId++;
      const timer = setTimeout(() => this.kill(`it did not answer a batch within ${timeoutMs} ms`), timeoutMs);
      this.batches.set(id, { resolve, reject, timer, sentAt: performance.now(), rows: input.shape[0] ?? 1 });
      this.stats.sent();
      this.send({ type: 'infer', id, model, version, input });
    });
  }

  /** Resolves when the replica answers a ping; rejects after `timeoutMs` (the caller decides what that means). */
  ping(timeoutMs: number): Promise<void> {
    const id = this.nextId++;
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pings.delete(id);
        reject(new ReplicaLostError(`replica ${this.slot} did not answer a health check within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pings.set(id, { resolve: () => (clearTimeout(timer), resolve()), reject });
      this.send({ type: 'ping', id });
    });
  }

  /** Takes no new batches, finishes those it holds, then exits. */
  drain(): Promise<void> {
    if (this.state === 'starting' || this.state === 'ready') {
      this.state = 'draining';
      this.stopIfDrained();
    }
    return this.exited;
  }

  private stopIfDrained(): void {
    if (this.state === 'draining' && this.batches.size === 0) this.child.disconnect();
  }

  /** Ends the process at once (SIGKILL); its batches are lost to it and retried elsewhere. */
  kill(reason: string): void {
    if (this.state === 'dead' || this.state === 'stopped') return;
    this.deathReason = reason;
    this.state = 'dead';
    this.child.kill('SIGKILL');
  }

  private die(reason: string, onDeath: (replica: Replica, reason: string) => void): void {
    this.state = 'dead';
    const lost = new ReplicaLostError(`replica ${this.slot} (pid ${this.pid}) failed: ${reason}`);
    for (const batch of this.batches.values()) {
      clearTimeout(batch.timer);
      this.stats.dropped();
      batch.reject(lost);
    }
    this.batches.clear();
    this.rejectWaiting(lost);
    onDeath(this, reason);
  }

  private rejectWaiting(err: Error): void {
    for (const p of [...this.loads.values(), ...this.pings.values()]) p.reject(err);
    this.loads.clear();
    this.pings.clear();
  }
}
