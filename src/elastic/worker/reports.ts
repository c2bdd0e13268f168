/** What a worker tells whoever hosts it (the embedded host thread, a log, the dashboard). */
export type WorkerReport =
  | { type: 'joined'; member: string }
  /** Ready to train in a generation: `syncedFrom` is the rank whose state everyone took, if any; `waitedMs` is the time since the previous generation ended. */
  | { type: 'generation'; member: string; generation: number; rank: number; members: number; step: number; syncedFrom: number | undefined; waitedMs: number }
  /**
   * Step `step` (0-based) is applied everywhere: its global-batch loss, the rows all members
   * computed (`samples`) and this member's share (`rows`), its time from start to applied, and the
   * outputs for the whole batch when asked for.
   */
  | { type: 'step'; member: string; generation: number; members: number; step: number; loss: number; samples: number; rows: number; ms: number; samplesPerSecond: number; predictions?: Float32Array }
  /** The state after `step` steps, at the end of an epoch. */
  | { type: 'state'; member: string; step: number; bytes: Uint8Array }
  | { type: 'checkpoint'; member: string; step: number; path: string }
  /** Left a generation: its group failed, or the members agreed to move to the next one. */
  | { type: 'regroup'; member: string; generation: number; reason: string }
  | { type: 'left'; member: string }
  /** This member lost its membership (dropped as a straggler, or its lease expired) and joins again under a new id. */
  | { type: 'expelled'; member: string }
  /** The job had already trained all its steps (its last commit: `step`) when this member came; it trained nothing. */
  | { type: 'finished'; member: string; step: number }
  | { type: 'done'; member: string };
