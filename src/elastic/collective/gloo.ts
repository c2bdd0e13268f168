/**
 * A Collective across processes and hosts: Gloo (Debian `libgloo-dev`, the collectives library
 * under PyTorch and Horovod) through the native addon (native/src/gloo.cc). Each generation's
 * group connects afresh: rendezvous through Redis under a prefix unique to the job and generation
 * (Gloo's keys are set-if-absent, so a prefix is never reused), then a full mesh of TCP
 * connections. Calls run off the JS thread; a dead peer, or one silent past the timeout, makes
 * them reject with a CollectiveError instead of hanging.
 *
 * A password (and ACL user) in the Redis URL is sent to Redis before the rendezvous (Gloo's own
 * Redis store cannot authenticate; the addon's subclass of it does).
 */
import { loadAddon } from '../../backend/native/addon.js';
import type { NativeGlooGroup } from '../../backend/native/addon.js';
import { ArgumentError } from '../../errors.js';
import { CollectiveError } from '../errors.js';
import type { CollectiveFailure } from '../errors.js';
import { rendezvousPrefix } from '../security.js';
import type { Generation } from '../store/store.js';
import type { Collective, CollectiveFactory } from './collective.js';

export interface GlooOptions {
  /** redis://[[USER]:PASSWORD@]HOST:PORT of the rendezvous. */
  redis: string;
  /** The job's name: part of every rendezvous prefix. */
  job: string;
  /** The address other members reach this one at (default 127.0.0.1). */
  hostname?: string;
  /** How long connecting and each collective may wait for peers (default 30 s). */
  timeoutMs?: number;
  /** The job's shared secret: the rendezvous prefixes derive from it (security.ts). */
  secret?: string;
}

/** What Gloo's message says went wrong. */
function failureOf(message: string): CollectiveFailure {
  return /timed? ?out|timeout/i.test(message) ? 'timeout' : 'peer-lost';
}

function redisAddress(url: string): { host: string; port: number; user: string; password: string } {
  const parsed = new URL(url);
  if (parsed.protocol !== 'redis:') throw new ArgumentError(`gloo: expected a redis://[:PASSWORD@]HOST:PORT URL, found '${url.replace(/:[^:@/]*@/, ':***@')}'`);
  return {
    host: parsed.hostname, port: parsed.port === '' ? 6379 : Number(parsed.port),
    user: decodeURIComponent(parsed.username), password: decodeURIComponent(parsed.password),
  };
}

export class GlooCollective implements Collective {
  private closed = false;

  private constructor(private readonly group: NativeGlooGroup, readonly rank: number, readonly size: number) {}

  /** Connects as `rank` of `size` to the group rendezvousing under `prefix`. */
  static async connect(options: GlooOptions, prefix: string, rank: number, size: number): Promise<GlooCollective> {
    const addon = loadAddon();
    if (addon.GlooGroup === undefined) throw new ArgumentError('gloo: the native addon was built without Gloo; apt-get install libgloo-dev libhiredis-dev, then npm rebuild');
    const { host, port, user, password } = redisAddress(options.redis);
    const group = new addon.GlooGroup();
    await GlooCollective.call('connect', () => group.connect(host, port, user, password, prefix, rank, size, options.timeoutMs ?? 30_000, options.hostname ?? '127.0.0.1'));
    return new GlooCollective(group, rank, size);
  }

  private static async call(op: string, run: () => Promise<void>): Promise<void> {
    try {
      await run();
    } catch (err) {
      const message = (err as Error).message;
      throw new CollectiveError(`${op}: ${message}`, failureOf(message));
    }
  }

  private check(op: string): void {
    if (this.closed) throw new CollectiveError(`${op}: the group was closed`, 'closed');
  }

  async allreduce(data: Float32Array, timeoutMs?: number): Promise<void> {
    this.check('allreduce');
    if (data.length > 0) await GlooCollective.call('allreduce', () => this.group.allreduce(data, timeoutMs ?? 0));
  }

  async broadcast(data: Uint8Array, root: number): Promise<void> {
    this.check('broadcast');
    if (!Number.isInteger(root) || root < 0 || root >= this.size) throw new ArgumentError(`broadcast: root ${root} is not in [0, ${this.size})`);
    if (data.length > 0) await GlooCollective.call('broadcast', () => this.group.broadcast(data, root));
  }

  async close(): Promise<void> {
    this.closed = true;
    this.group.close();
  }
}

/** Gloo groups for a job: one per generation, under the prefix `tensile/<job>/<generation>[/<derived from the secret>]`. */
export class GlooGroups implements CollectiveFactory {
  constructor(private readonly options: GlooOptions) {}

  form(generation: Generation, rank: number): Promise<Collective> {
    return GlooCollective.connect(this.options, rendezvousPrefix(this.options.job, generation.id, this.options.secret), rank, generation.members.length);
  }
}
