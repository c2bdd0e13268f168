/**
 * The worker runtime: one member of an elastic job, on any transport (worker threads with the
 * in-process store and shared memory, processes with Redis and Gloo).
 *
 * States and transitions:
 *
 *     joining ──joined──▶ waiting ──a generation lists me──▶ forming ──group formed──▶ syncing ──state agreed──▶ training
 *                          ▲   │                               │                        │                          │
 *                          │   │ leave asked                   └──── CollectiveError ───┴──────────────────────────┤ (group failed:
 *                          │   ▼                                                                                   │  the step is dropped)
 *                          │  left ◀──── leave asked: the step that carried the flag is done ──────────────────────┤
 *                          └──────────── a member flagged leaving or a newer generation: the step is done ─────────┤
 *                                                                                                                  ▼
 *                                                                                       done (the last step applied everywhere)
 *
 * - waiting: for the newest generation that lists this member (and none of the members that
 *   just announced they leave). Generations that do not list it (more workers than --max-workers,
 *   fewer than --min-workers alive) leave it waiting.
 * - syncing: the members compare how far each has trained (one allreduce); if they differ, the
 *   furthest one broadcasts its weights and optimizer state to all. If none has trained in this
 *   job, the first loads the job's latest checkpoint, if any, and broadcasts that.
 * - training: each step, this member computes its weighted slice of the global batch and adds
 *   its flags (leaving, knows a newer generation) and compute time to the step's one allreduce; all
 *   members apply the same sum and see the same flags, so they leave the generation together,
 *   after the same step. A failed collective loses only the step in flight: state changes only
 *   once a sum is complete, and applying it cannot fail halfway.
 * Throughout, the member renews its lease every leaseMs/3; a lost lease ends the worker with a
 * CoordinationError.
 */
import type { Collective, CollectiveFactory } from '../collective/collective.js';
import { broadcastMessage } from '../collective/collective.js';
import type { Checkpoints } from '../checkpoint.js';
import { CollectiveError, CoordinationError } from '../errors.js';
import { splitBatch } from '../split.js';
import type { CoordinatorStore, Generation, MemberInfo } from '../store/store.js';
import { Balance } from './balance.js';
import type { Replica } from './replica.js';
import type { WorkerReport } from './reports.js';
import type { StepLayout } from './stepLayout.js';
import { StepDeadline } from './stepDeadline.js';

export interface WorkerOptions {
  leaseMs: number;
  /** How often the current generation is re-read, besides the store's events. */
  pollMs: number;
  /** Include the global batch's outputs in step reports (the host computes metrics from them). */
  predictions: boolean;
  /** Durable checkpoints, written by rank 0 every `every` steps and at the end of every epoch. */
  checkpoints: { store: Checkpoints; every: number; job: string } | undefined;
  /** How long a step's allreduce waits for the other members; default: derived from recent steps (StepDeadline). */
  stepDeadlineMs?: number;
}

export interface WorkerDeps {
  member: MemberInfo;
  store: CoordinatorStore;
  groups: CollectiveFactory;
  replica: Replica;
  report(report: WorkerReport): void;
  options: WorkerOptions;
  /**
   * The identity to join again under after this member was expelled (dropped as a straggler, its
   * lease expired while it was stopped): the `attempt`th rejoin. Without it, an expelled member
   * ends with a CoordinationError.
   */
  rejoinAs?(attempt: number): Promise<MemberInfo>;
}

/** How a generation ended for this member. */
type Outcome = 'done' | 'left' | { excluded: ReadonlySet<string> };

export class ElasticWorker {
  private member: MemberInfo;
  private latest: Generation | undefined;
  private leaveAsked = false;
  /** Workers seen joining that no generation has listed yet. */
  private readonly joining = new Set<string>();
  private leaseLost = false;
  private wake: () => void = () => undefined;
  /** This member's rank in the last generation it trained in. */
  rank: number | undefined;
  private readonly deadline: StepDeadline;

  constructor(private readonly deps: WorkerDeps) {
    this.member = deps.member;
    this.deadline = new StepDeadline(deps.options.stepDeadlineMs);
  }

  private get id(): string {
    return this.member.id;
  }

  /** Leave after the current step (at once if not training). */
  requestLeave(): void {
    this.leaveAsked = true;
    this.wake();
  }

  /** After a lease renewal: a member no longer listed stops waiting for a generation at once. */
  private lost(alive: boolean): void {
    if (alive || this.leaseLost) return;
    this.leaseLost = true;
    this.wake();
  }

  private see(generation: Generation | undefined): void {
    if (generation === undefined || generation.id <= (this.latest?.id ?? 0)) return;
    this.latest = generation;
    this.wake();
  }

  async run(): Promise<'done' | 'left'> {
    for (let attempt = 1; ; attempt++) {
      const outcome = await this.membership();
      if (outcome !== 'expelled') return outcome;
      this.member = await this.deps.rejoinAs!(attempt);
      this.leaseLost = false;
    }
  }

  /** One membership, from joining under this member's id to leaving (or being expelled). */
  private async membership(): Promise<'done' | 'left' | 'expelled'> {
    const { store, options } = this.deps;
    const { member } = this;
    await store.join(member, options.leaseMs);
    this.deps.report({ type: 'joined', member: this.id });
    const subscription = await store.subscribe((event) => {
      if (event.type === 'generation') this.see(event.generation);
      if (event.type === 'members' && event.joined !== undefined && event.joined !== member.id) this.joining.add(event.joined);
    });
    const timers = [
      setInterval(() => void store.renew(member.id, options.leaseMs).then((alive) => this.lost(alive), () => undefined), options.leaseMs / 3),
      setInterval(() => void store.generation().then((g) => this.see(g), () => undefined), options.pollMs),
    ];
    try {
      this.see(await store.generation());
      const outcome = await this.generations();
      await store.leave(member.id);
      this.deps.report({ type: outcome, member: member.id });
      return outcome;
    } finally {
      timers.forEach(clearInterval);
      await subscription.close();
    }
  }

  private async generations(): Promise<'done' | 'left' | 'expelled'> {
    let after = 0;
    let excluded: ReadonlySet<string> = new Set();
    let ended = performance.now();
    for (;;) {
      const generation = await this.nextGeneration(after, excluded);
      if (typeof generation === 'string') return generation;
      after = generation.id;
      if (this.deps.replica.fresh && (await this.jobFinished())) return 'done';
      const outcome = await this.runGeneration(generation, ended);
      if (outcome === 'done' || outcome === 'left') return outcome;
      excluded = outcome.excluded;
      ended = performance.now();
    }
  }

  /**
   * The newest generation after `after` that lists this member and none of `excluded`; 'left' if
   * leave was asked; 'expelled' if this member, having trained, lost its membership (it rejoins).
   */
  private async nextGeneration(after: number, excluded: ReadonlySet<string>): Promise<Generation | 'left' | 'expelled'> {
    for (;;) {
      if (this.leaseLost) {
        // A member never admitted to a generation was refused (no valid proof): rejoining would be refused again.
        if (this.rank !== undefined && this.deps.rejoinAs !== undefined) return 'expelled';
        throw new CoordinationError(`worker ${this.id}: it is no longer a member (its lease expired, or the coordinator refused it: a wrong or missing secret)`);
      }
      if (this.leaveAsked) return 'left';
      const g = this.latest;
      if (g !== undefined && g.id > after && g.members.includes(this.id) && !g.members.some((m) => excluded.has(m))) return g;
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }

  private async runGeneration(generation: Generation, ended: number): Promise<Outcome> {
    const rank = generation.members.indexOf(this.id);
    let collective: Collective | undefined;
    try {
      collective = await this.deps.groups.form(generation, rank);
      const syncedFrom = await this.sync(collective);
      const { replica } = this.deps;
      this.deps.report({
        type: 'generation', member: this.id, generation: generation.id, rank, members: collective.size,
        step: replica.step, syncedFrom, waitedMs: performance.now() - ended,
      });
      this.rank = rank;
      return await this.train(collective, generation);
    } catch (err) {
      if (!(err instanceof CollectiveError)) throw err;
      this.deps.report({ type: 'regroup', member: this.id, generation: generation.id, reason: err.message });
      await this.failed(generation, err);
      return { excluded: new Set() };
    } finally {
      await collective?.close();
    }
  }

  /**
   * After `generation`'s group failed: a peer died or missed the deadline. Unless this member was
   * itself expelled meanwhile (then it is the straggler, and must not drop the others), it drops
   * the members it knows were late and says it is alive, so the coordinator drops the silent ones
   * without waiting for their leases (Gloo does not say who was late).
   */
  private async failed(generation: Generation, err: CollectiveError): Promise<void> {
    if (err.failure !== 'timeout' && err.failure !== 'peer-lost') return;
    const { store, options } = this.deps;
    if (!(await store.renew(this.id, options.leaseMs))) return this.lost(false);
    await Promise.all(err.missingRanks.map((r) => store.leave(generation.members[r]!)));
    await store.reportFailure(generation.id, this.id);
  }

  /**
   * Whether the job had already trained its last step before this member took part (its members
   * finished and left): then there is nothing to train, and starting over from step 0 would be wrong.
   */
  private async jobFinished(): Promise<boolean> {
    const { replica, store } = this.deps;
    const commit = await store.lastCommit();
    if (commit === undefined || commit.step < replica.batches.totalSteps) return false;
    this.deps.report({ type: 'finished', member: this.id, step: commit.step });
    return true;
  }

  /** Makes every member's state the most advanced one's; returns the rank it came from, if it moved. */
  private async sync(collective: Collective): Promise<number | undefined> {
    const { replica } = this.deps;
    const progress = new Float32Array(collective.size);
    progress[collective.rank] = replica.fresh ? 0 : replica.step + 1;
    await collective.allreduce(progress);
    const best = Math.max(...progress);
    if (best > 0 && progress.every((p) => p === best)) return undefined;
    const root = best > 0 ? progress.indexOf(best) : 0;
    let payload: Uint8Array | undefined;
    if (collective.rank === root) {
      if (best === 0) this.restoreCheckpoint();
      payload = replica.encode();
    }
    const bytes = await broadcastMessage(collective, payload, root);
    if (collective.rank !== root) replica.restore(bytes);
    return root;
  }

  /** No member has trained: continue from this job's latest checkpoint, if it has one. */
  private restoreCheckpoint(): void {
    const { replica, options } = this.deps;
    const latest = options.checkpoints?.store.latest();
    if (latest === undefined || latest.job !== options.checkpoints!.job || latest.step <= replica.step) return;
    options.checkpoints!.store.restore(latest.path, replica.model, replica.compiled.optimizer);
    replica.step = latest.step;
  }

  private async train(collective: Collective, generation: Generation): Promise<Outcome> {
    const { replica, options } = this.deps;
    const { rank, size } = collective;
    const layout = replica.layout(size, options.predictions);
    const buffer = new Float32Array(layout.length);
    const balance = new Balance(size);
    for (const id of generation.members) this.joining.delete(id);
    for (;;) {
      if (replica.step >= replica.batches.totalSteps) return 'done';
      const step = replica.step;
      const started = performance.now();
      const slice = splitBatch(replica.batches.rows(step).length, balance.weights())[rank]!;
      const seconds = replica.compute(step, slice, buffer, layout);
      buffer[layout.leaving + rank] = this.leaveAsked ? 1 : 0;
      buffer[layout.newer + rank] = (this.latest?.id ?? 0) > generation.id ? 1 : 0;
      buffer[layout.joining + rank] = [...this.joining].some((id) => !generation.members.includes(id)) ? 1 : 0;
      buffer[layout.seconds + rank] = seconds;
      await collective.allreduce(buffer, this.deadline.ms());
      replica.apply(buffer, layout);
      balance.update(buffer.subarray(layout.seconds, layout.seconds + size));
      const ms = performance.now() - started;
      this.deadline.record(ms);
      await this.stepDone(step, generation, collective, buffer, layout, ms, slice.end - slice.start);
      const leaving = layout.ranksWith(buffer, layout.leaving);
      if (leaving.includes(rank)) return 'left';
      if (leaving.length > 0 || layout.ranksWith(buffer, layout.newer).length > 0) {
        this.deps.report({ type: 'regroup', member: this.id, generation: generation.id, reason: 'membership changes after this step' });
        return { excluded: new Set(leaving.map((r) => generation.members[r]!)) };
      }
      if (layout.ranksWith(buffer, layout.joining).length > 0 && (await this.pauseForNewcomer(generation))) {
        this.deps.report({ type: 'regroup', member: this.id, generation: generation.id, reason: 'a worker joins' });
        return { excluded: new Set() };
      }
    }
  }

  /**
   * A worker joined: every member stops after the same step (the one whose sum carried the news)
   * and waits for the generation that admits it, so it contributes from the next step on instead
   * of after the steps that would run while the coordinator settles and the group re-forms. True
   * when that generation came; false after a third of a lease without one (the newcomer was
   * refused, or beyond --max-workers): training goes on in this group.
   */
  private async pauseForNewcomer(generation: Generation): Promise<boolean> {
    const until = performance.now() + this.deps.options.leaseMs / 3;
    this.joining.clear();
    for (;;) {
      if ((this.latest?.id ?? 0) > generation.id) return true;
      const left = until - performance.now();
      // A leave asked meanwhile waits for the next step's flag, so the members still agree on the step they stop after.
      if (left <= 0 || this.leaseLost) return false;
      let timer: NodeJS.Timeout | undefined;
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        timer = setTimeout(resolve, left);
      });
      clearTimeout(timer);
    }
  }

  /** Records and reports step `step` (now applied); writes a checkpoint when one is due. */
  private async stepDone(step: number, generation: Generation, collective: Collective, buffer: Float32Array, layout: StepLayout, ms: number, rows: number): Promise<void> {
    const { replica, options, store, report } = this.deps;
    const applied = replica.step;
    // Progress for observers; a lost commit is superseded by the next one. The last one is waited
    // for: it tells a worker that comes after the end that the job is finished.
    if (collective.rank === 0) {
      const committed = store.commit({ step: applied, generation: generation.id }).catch(() => undefined);
      if (applied >= replica.batches.totalSteps) await committed;
    }
    const batchRows = replica.batches.rows(step).length;
    const samples = buffer[layout.samples]!;
    report({
      type: 'step', member: this.id, generation: generation.id, members: collective.size, step,
      loss: buffer[layout.loss]!, samples, rows, ms, samplesPerSecond: ms > 0 ? Math.round((samples * 1000) / ms) : 0,
      ...(layout.predictionRows > 0 ? { predictions: buffer.slice(layout.predictions, layout.predictions + batchRows * layout.outputSize) } : {}),
    });
    const epochEnd = applied % replica.plan.steps === 0;
    if (epochEnd) report({ type: 'state', member: this.id, step: applied, bytes: replica.encode() });
    const checkpoints = options.checkpoints;
    if (checkpoints !== undefined && collective.rank === 0 && (epochEnd || applied % checkpoints.every === 0)) {
      const { plan } = replica;
      const path = await checkpoints.store.write(replica.model, replica.compiled, {
        job: checkpoints.job, step: applied, seed: plan.seed, batchSize: plan.batchSize, samples: plan.samples,
      });
      report({ type: 'checkpoint', member: this.id, step: applied, path });
    }
  }
}
