/**
 * The coordinator store: the shared state of an elastic job (who is a member, which generation
 * is current, who coordinates, how far training has come). Implementations: `memory.ts` (one
 * process; worker threads reach it through `rpc.ts`) and Redis (many processes and hosts). Every
 * implementation passes the scenario suite in test/elastic/storeScenarios.ts.
 *
 * Liveness is by lease: a member or the coordinator holds its entry for `leaseMs` after its last
 * join or renewal; an entry not renewed in time is gone, exactly as if it had left. A member that
 * finds its lease lost (renew returns false) must join again under a new id.
 */

/** A worker taking part in the job. */
export interface MemberInfo {
  /** Unique for the life of the job; a worker that rejoins takes a new id. */
  id: string;
  host: string;
  pid: number;
  /** HMAC of the job's nonce and the id with the job's secret (security.ts), when the job has one. */
  proof?: string;
}

/**
 * One membership of the job. Members are listed in rank order; a generation is never changed
 * once published, only replaced by the next (id + 1).
 */
export interface Generation {
  id: number;
  members: readonly string[];
}

/** The latest step every member of `generation` has applied. */
export interface Commit {
  step: number;
  generation: number;
}

export type StoreEvent =
  /** A generation was published. */
  | { type: 'generation'; generation: Generation }
  /** A member joined (`joined`: its id) or left (expiries are not announced: whoever cares polls `members`). */
  | { type: 'members'; joined?: string }
  /** A member reported that generation `generation`'s group failed. */
  | { type: 'failure'; generation: number };

export interface Subscription {
  close(): Promise<void>;
}

export interface CoordinatorStore {
  /** Adds a member holding a lease of `leaseMs`; an id still alive is refused (CoordinationError). */
  join(member: MemberInfo, leaseMs: number): Promise<void>;
  /** Extends a member's lease; false when it has already expired or left (it is no longer a member). */
  renew(id: string, leaseMs: number): Promise<boolean>;
  /** Removes a member now. Removing an absent member does nothing. */
  leave(id: string): Promise<void>;
  /** The members whose lease is alive, in the order they joined. */
  members(): Promise<MemberInfo[]>;
  /** The job's random nonce for join proofs, made by the first caller (the same for every caller after). */
  jobNonce(): Promise<string>;

  /** The current generation; undefined before the first. */
  generation(): Promise<Generation | undefined>;
  /**
   * Publishes generation `previous + 1` with `members`, if the current one is still `previous`
   * (0 = none yet), atomically; returns it, or undefined when another publisher got there first.
   */
  publishGeneration(previous: number, members: readonly string[]): Promise<Generation | undefined>;

  /**
   * Takes the coordinator lease for `id`, or extends it if `id` holds it, or takes it from
   * `replacing` if that one holds it (a holder known to be dead); false if another holds it.
   */
  claimCoordinator(id: string, leaseMs: number, replacing?: string): Promise<boolean>;
  /** Gives the coordinator lease up, if `id` holds it. */
  resignCoordinator(id: string): Promise<void>;
  /** Who holds the coordinator lease, if anyone. */
  coordinator(): Promise<string | undefined>;

  /**
   * Records that `member` is alive and saw generation `generation`'s group fail (a peer died): the
   * coordinator drops the members that do not say so, without waiting for their leases to expire.
   */
  reportFailure(generation: number, member: string): Promise<void>;
  /** The members that reported generation `generation`'s group failed. */
  failureReports(generation: number): Promise<string[]>;

  /** Records progress; a commit with a step not above the recorded one is ignored. */
  commit(commit: Commit): Promise<void>;
  lastCommit(): Promise<Commit | undefined>;

  /** Calls `listener` for every event from now on, in order, until the subscription is closed. */
  subscribe(listener: (event: StoreEvent) => void): Promise<Subscription>;
  /** Releases connections and timers; the store's state is not changed. */
  close(): Promise<void>;
}
