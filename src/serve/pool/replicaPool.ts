import type { Balancer } from '../balancer/balancer.js';
import { ReplicaLostError, UnavailableError } from '../errors.js';
import type { HostTensor } from '../tensors/hostTensor.js';
import type { ModelSignature } from '../tensors/signature.js';
import type { ServedVersion } from './replica.js';
import { Replica } from './replica.js';

/** What the pool reports as it works (the server's metrics implement it). */
export interface PoolObserver {
  batchDone(model: string, slot: number, seconds: number): void;
  replicaLost(slot: number): void;
  retried(model: string): void;
}

export interface PoolOptions {
  replicas: number;
  balancer: Balancer;
  /** A replica holding a batch longer than this is killed and the batch retried elsewhere. */
  batchTimeoutMs: number;
  healthIntervalMs: number;
  /** A replica that does not answer a health check within this is killed and replaced. */
  healthTimeoutMs: number;
  /** How long a batch may wait for a ready replica when there is none (all starting or replaced). */
  readyWaitMs: number;
  /** A replica not ready (models loaded) within this is killed and replaced. */
  startTimeoutMs: number;
  /** Artificial delay per batch, by slot: a replica made slow on purpose (tests, benchmarks). */
  delayMs?: readonly number[];
  observer?: PoolObserver;
  log?: (line: string) => void;
}

/**
 * Child-process replicas that all hold the same model versions. Batches go to a ready replica
 * chosen by the balancer; a batch whose replica dies or times out runs once more on another.
 * A replica that dies is replaced in its slot (after a back-off if deaths repeat); `resize`
 * spawns or drains replicas (the autoscaler's lever); health checks find hung replicas.
 */
export class ReplicaPool {
  private readonly replicas: Replica[] = [];
  private readonly versions: ServedVersion[] = [];
  private target: number;
  private closing = false;
  private retiredReplicaMs = 0;
  private readonly readyWaiters = new Set<() => void>();
  private readonly health: NodeJS.Timeout;
  private restartDelayMs = 0;

  constructor(private readonly options: PoolOptions) {
    this.target = options.replicas;
    this.health = setInterval(() => this.checkHealth(), options.healthIntervalMs);
    this.health.unref();
  }

  /** Spawns the replicas with `versions` loaded; resolves with the signatures once one replica is ready. */
  async start(versions: readonly ServedVersion[]): Promise<Map<string, ModelSignature>> {
    this.versions.push(...versions);
    for (let i = 0; i < this.target; i++) this.spawn(i);
    const first = await Promise.any(this.replicas.map((r) => r.ready.then(() => r))).catch((err: AggregateError) => {
      throw err.errors[0] as Error;
    });
    return first.signatures;
  }

  /** Replicas that are starting, ready or draining: what the pool is using. */
  get size(): number {
    return this.replicas.length;
  }

  get readyCount(): number {
    return this.replicas.filter((r) => r.state === 'ready').length;
  }

  /** The number of replicas the pool keeps (replacing dead ones up to it). */
  get targetSize(): number {
    return this.target;
  }

  /** Replica-seconds used since start: each replica from its spawn to its exit. */
  replicaSeconds(now = performance.now()): number {
    return (this.retiredReplicaMs + this.replicas.reduce((s, r) => s + (now - r.startedAt), 0)) / 1000;
  }

  /** Per slot, what the balancer sees (for the dashboard and metrics). */
  loads(): { slot: number; state: string; inFlight: number; latencyMs: number; pid: number | undefined }[] {
    return this.replicas.map((r) => ({ slot: r.slot, state: r.state, inFlight: r.stats.inFlight, latencyMs: r.stats.latencyMs, pid: r.pid }));
  }

  private spawn(slot: number): Replica {
    const replica = new Replica(slot, this.versions, { delayMs: this.options.delayMs?.[slot] ?? 0 }, (r, reason) => this.onDeath(r, reason));
    this.replicas.push(replica);
    replica.ready.then(() => {
      this.restartDelayMs = 0;
      for (const wake of this.readyWaiters) wake();
    }, () => undefined);
    void replica.exited.then(() => this.retire(replica));
    const timer = setTimeout(() => {
      if (replica.state === 'starting') replica.kill(`it did not load its models within ${this.options.startTimeoutMs} ms`);
    }, this.options.startTimeoutMs);
    timer.unref();
    void replica.ready.finally(() => clearTimeout(timer)).catch(() => undefined);
    return replica;
  }

  private retire(replica: Replica): void {
    const at = this.replicas.indexOf(replica);
    if (at < 0) return;
    this.replicas.splice(at, 1);
    this.retiredReplicaMs += (replica.stoppedAt ?? performance.now()) - replica.startedAt;
  }

  private freeSlot(): number {
    const used = new Set(this.replicas.filter((r) => r.state !== 'draining').map((r) => r.slot));
    let slot = 0;
    while (used.has(slot)) slot++;
    return slot;
  }

  private onDeath(replica: Replica, reason: string): void {
    this.retire(replica);
    if (this.closing) return;
    this.options.log?.(`replica ${replica.slot} (pid ${replica.pid}) died: ${reason}`);
    this.options.observer?.replicaLost(replica.slot);
    // Replace at once the first time; back off if replacements keep dying (a model that kills
    // its replica must not turn into a fork loop on a shared machine).
    const delay = this.restartDelayMs;
    this.restartDelayMs = Math.min(5000, Math.max(100, delay * 2));
    const timer = setTimeout(() => {
      if (!this.closing && this.activeCount() < this.target) this.spawn(this.freeSlot());
    }, delay);
    timer.unref();
  }

  private activeCount(): number {
    return this.replicas.filter((r) => r.state === 'starting' || r.state === 'ready').length;
  }

  /** Keeps `n` replicas: spawns new ones, or drains the highest slots (they finish what they hold). */
  resize(n: number): void {
    this.target = n;
    const active = this.replicas.filter((r) => r.state === 'starting' || r.state === 'ready').sort((a, b) => b.slot - a.slot);
    for (let i = active.length; i < n; i++) this.spawn(this.freeSlot());
    for (const r of active.slice(0, Math.max(0, active.length - n))) void r.drain();
  }

  /** Runs a batch on a ready replica; once more on another if that one dies or times out. */
  async run(model: string, version: number, input: HostTensor): Promise<HostTensor> {
    let failed: Replica | undefined;
    for (let attempt = 0; ; attempt++) {
      const replica = await this.choose(failed);
      const sentAt = performance.now();
      try {
        const output = await replica.infer(model, version, input, this.options.batchTimeoutMs);
        this.options.observer?.batchDone(model, replica.slot, (performance.now() - sentAt) / 1000);
        return output;
      } catch (err) {
        if (!(err instanceof ReplicaLostError)) throw err;
        if (attempt === 1) throw new UnavailableError(`${model}: the batch failed on two replicas: ${err.message}`, 1);
        this.options.observer?.retried(model);
        failed = replica;
      }
    }
  }

  private async choose(exclude: Replica | undefined): Promise<Replica> {
    const deadline = performance.now() + this.options.readyWaitMs;
    for (;;) {
      if (this.closing) throw new UnavailableError('the server is shutting down', 1);
      const ready = this.replicas.filter((r) => r.state === 'ready' && r !== exclude);
      if (ready.length > 0) {
        const stats = this.options.balancer.pick(ready.map((r) => r.stats));
        return ready.find((r) => r.stats === stats)!;
      }
      const left = deadline - performance.now();
      if (left <= 0) throw new UnavailableError(`no replica is ready (${this.size} starting or stopping)`, 1);
      await new Promise<void>((resolve) => {
        const wake = (): void => {
          clearTimeout(timer);
          this.readyWaiters.delete(wake);
          resolve();
        };
        const timer = setTimeout(wake, left);
        this.readyWaiters.add(wake);
      });
    }
  }

  /** Loads a new model version into every replica (and into those spawned later); resolves with its signature. */
  async load(v: ServedVersion): Promise<ModelSignature> {
    this.versions.push(v);
    try {
      const signatures = await Promise.all(this.replicas.filter((r) => r.live).map((r) => r.load(v)));
      if (signatures[0] === undefined) throw new UnavailableError(`no replica to load version ${v.version} of '${v.model}' into`, 1);
      return signatures[0];
    } catch (err) {
      this.unload(v.model, v.version);
      throw err;
    }
  }

  unload(model: string, version: number): void {
    const at = this.versions.findIndex((v) => v.model === model && v.version === version);
    if (at >= 0) this.versions.splice(at, 1);
    for (const r of this.replicas) r.unload(model, version);
  }

  private checkHealth(): void {
    // Draining replicas are not pinged: their channel closes as they finish, and a batch they
    // still hold is covered by its timeout.
    for (const r of this.replicas) {
      if (r.state === 'ready') {
        r.ping(this.options.healthTimeoutMs).catch((err: Error) => r.kill(err.message));
      }
    }
  }

  /** Stops every replica: they finish what they hold; any still running after `graceMs` is killed. */
  async close(graceMs = 2000): Promise<void> {
    this.closing = true;
    clearInterval(this.health);
    for (const wake of this.readyWaiters) wake();
    const all = [...this.replicas];
    const timer = setTimeout(() => all.forEach((r) => r.kill('the server closed')), graceMs);
    await Promise.all(all.map((r) => r.drain()));
    clearTimeout(timer);
  }
}
