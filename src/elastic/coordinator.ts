/**
 * The coordinator role: turns membership into generations. Any process may run one; the store's
 * coordinator lease makes sure one leads at a time (in Redis mode a worker takes the role over
 * when the leader's lease runs out).
 *
 * States and transitions:
 *
 *     standby ──claimCoordinator ok──▶ leading ──claim refused (another holds the lease)──▶ standby
 *        ▲                               │
 *        └── retried every leaseMs/3 ────┘          stop() from any state ──▶ stopped
 *
 * While leading, on every membership or failure event (after `settleMs`, so joins arriving
 * together make one generation) and every `pollMs` (leases expire silently), it compares the
 * members the current generation should have (`plannedMembers`) with the ones it has, and
 * publishes the next generation when they differ. When members report that their group failed
 * (a peer died, or one missed the step deadline), the members that stay silent are removed at once
 * instead of at lease expiry; if the leader itself is one of them, a standby takes the lease from
 * it at once; if every member reported, the same members get a new generation (a new group). Below `minWorkers` live members the planned generation is empty:
 * everyone waits (training pauses) until enough members are back.
 */
import { provesSecret } from './security.js';
import type { CoordinatorStore, Generation, MemberInfo, Subscription } from './store/store.js';

export interface CoordinatorOptions {
  /** This process's name for the coordinator lease. */
  id: string;
  minWorkers: number;
  maxWorkers: number;
  leaseMs: number;
  /** How long membership changes may keep arriving before a generation is published. */
  settleMs: number;
  /** How often live members are re-read (to notice expired leases). */
  pollMs: number;
  /** Told about a store request that failed; the role retries at its next poll. */
  onError(err: Error): void;
  /** The job's shared secret: members that cannot prove it (security.ts) are removed, never admitted. */
  secret?: string;
  /** Told about each member refused for want of a valid proof. */
  onRefused?(member: MemberInfo): void;
}

/**
 * The members of the next generation: the current members still alive, in their rank order,
 * then newcomers in join order, at most `max`; none when fewer than `min` are alive.
 */
export function plannedMembers(alive: readonly string[], current: readonly string[], min: number, max: number): string[] {
  const live = new Set(alive);
  const kept = new Set(current);
  const chosen = [...current.filter((id) => live.has(id)), ...alive.filter((id) => !kept.has(id))].slice(0, max);
  return chosen.length >= min ? chosen : [];
}

const same = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((id, i) => id === b[i]);

export class Coordinator {
  private state: 'standby' | 'leading' | 'stopped' = 'standby';
  private subscription: Subscription | undefined;
  private readonly timers: NodeJS.Timeout[] = [];
  private settling: NodeJS.Timeout | undefined;
  /** Reconciliations run one at a time; one more is queued if asked for meanwhile. */
  private running: Promise<void> = Promise.resolve();
  private queued = false;
  /** When the first failure report of each generation was seen. */
  private readonly failureSeen = new Map<number, number>();

  constructor(private readonly store: CoordinatorStore, private readonly options: CoordinatorOptions) {}

  get leading(): boolean {
    return this.state === 'leading';
  }

  async start(): Promise<void> {
    this.subscription = await this.store.subscribe((event) => {
      if (event.type !== 'generation') this.settleThenReconcile();
    });
    await this.claim();
    this.timers.push(setInterval(() => void this.claim().catch(this.options.onError), this.options.leaseMs / 3));
    this.timers.push(setInterval(() => this.reconcile(), this.options.pollMs));
  }

  async stop(): Promise<void> {
    this.state = 'stopped';
    this.timers.forEach(clearInterval);
    clearTimeout(this.settling);
    await this.subscription?.close();
    await this.running;
    await this.store.resignCoordinator(this.options.id);
  }

  private async claim(): Promise<void> {
    if (this.state === 'stopped') return;
    const held = await this.store.claimCoordinator(this.options.id, this.options.leaseMs);
    this.becomes(held ? 'leading' : 'standby');
  }

  private becomes(next: 'standby' | 'leading'): void {
    if (this.state === 'stopped') return;
    const took = this.state === 'standby' && next === 'leading';
    this.state = next;
    if (took) this.reconcile();
  }

  /**
   * After members reported `generation`'s group failed: the members that did not (`silent`), once
   * all but one did (one peer died or straggled, the common case) or half a lease after the first
   * report; until then, none. `allFailed`: every member reported, so none is to blame and the
   * group must simply form again.
   */
  private async afterFailure(generation: Generation): Promise<{ silent: string[]; allFailed: boolean }> {
    const reports = await this.store.failureReports(generation.id);
    if (reports.length === 0) return { silent: [], allFailed: false };
    const first = this.failureSeen.get(generation.id) ?? performance.now();
    this.failureSeen.set(generation.id, first);
    const enough = reports.length >= generation.members.length - 1 || performance.now() - first >= this.options.leaseMs / 2;
    const silent = enough ? generation.members.filter((id) => !reports.includes(id)) : [];
    return { silent, allFailed: generation.members.every((id) => reports.includes(id)) };
  }

  /** The members that cannot prove the job's secret (none when the job has no secret). */
  private async refused(members: readonly MemberInfo[]): Promise<MemberInfo[]> {
    const { secret } = this.options;
    if (secret === undefined) return [];
    const nonce = await this.store.jobNonce();
    return members.filter((m) => !provesSecret(secret, nonce, m));
  }

  /** Standing by: takes the lease at once from a leader that stayed silent when its generation failed (it died with it). */
  private async replaceSilentLeader(): Promise<void> {
    const [current, holder] = await Promise.all([this.store.generation(), this.store.coordinator()]);
    if (current === undefined || holder === undefined || !(await this.afterFailure(current)).silent.includes(holder)) return;
    if (await this.store.claimCoordinator(this.options.id, this.options.leaseMs, holder)) this.becomes('leading');
  }

  private settleThenReconcile(): void {
    this.settling ??= setTimeout(() => {
      this.settling = undefined;
      this.reconcile();
    }, this.options.settleMs);
  }

  /** Publishes the planned generation if it differs from the current one. */
  reconcile(): void {
    if (this.queued) return;
    this.queued = true;
    this.running = this.running.then(async () => {
      this.queued = false;
      if (this.state === 'standby') await this.replaceSilentLeader();
      if (this.state !== 'leading') return;
      const { minWorkers, maxWorkers } = this.options;
      const [alive, current] = await Promise.all([this.store.members(), this.store.generation()]);
      const { silent, allFailed } = current === undefined ? { silent: [], allFailed: false } : await this.afterFailure(current);
      await Promise.all(silent.map((id) => this.store.leave(id)));
      const refused = await this.refused(alive);
      await Promise.all(refused.map((m) => this.store.leave(m.id)));
      refused.forEach((m) => this.options.onRefused?.(m));
      const live = alive.filter((m) => !refused.includes(m)).map((m) => m.id).filter((id) => !silent.includes(id));
      const planned = plannedMembers(live, current?.members ?? [], minWorkers, maxWorkers);
      if (same(planned, current?.members ?? []) && !allFailed) return;
      await this.store.publishGeneration(current?.id ?? 0, planned);
    }).catch(this.options.onError);
  }
}
