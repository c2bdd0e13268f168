/**
 * The coordinator store in Redis, for jobs spanning processes and hosts. Every key of a job is
 * under `tensile:<job>:`:
 *
 *     member:<id>   the member's info (JSON), expiring after its lease (PX); renewals PEXPIRE it
 *     members       sorted set of member ids by join order (expired ids are pruned when read)
 *     seq           the join counter
 *     generation    the current generation (JSON)
 *     coordinator   the id holding the coordinator lease, expiring after it
 *     commit        the latest committed step (JSON)
 *     nonce         the job's random nonce for join proofs
 *     failed:<g>    set of the members that reported generation g's group failed (expires in a day)
 *     events        the pub/sub channel of StoreEvents (JSON)
 *
 * Every change that must be atomic (join, leave, publishing a generation, claiming or resigning
 * the lease, committing) is one Lua script, which Redis runs without interleaving anything else.
 * Subscriptions use a second connection, as Redis requires for pub/sub.
 */
import { Redis } from 'ioredis';
import { CoordinationError } from '../errors.js';
import { newNonce } from '../security.js';
import type { Commit, CoordinatorStore, Generation, MemberInfo, StoreEvent, Subscription } from './store.js';

const JOIN = `
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
redis.call('ZADD', KEYS[2], redis.call('INCR', KEYS[3]), ARGV[1])
redis.call('PUBLISH', KEYS[4], '{"type":"members","joined":' .. cjson.encode(ARGV[1]) .. '}')
return 1`;

const LEAVE = `
local gone = redis.call('DEL', KEYS[1])
redis.call('ZREM', KEYS[2], ARGV[1])
if gone == 1 then redis.call('PUBLISH', KEYS[3], '{"type":"members"}') end
return gone`;

// ARGV[2] is the members' JSON array, spliced in as is (cjson would turn an empty one into {}).
const PUBLISH_GENERATION = `
local current = redis.call('GET', KEYS[1])
local id = 0
if current then id = cjson.decode(current).id end
if id ~= tonumber(ARGV[1]) then return false end
local generation = '{"id":' .. (id + 1) .. ',"members":' .. ARGV[2] .. '}'
redis.call('SET', KEYS[1], generation)
redis.call('PUBLISH', KEYS[2], '{"type":"generation","generation":' .. generation .. '}')
return generation`;

const REPORT_FAILURE = `
redis.call('SADD', KEYS[1], ARGV[1])
redis.call('PEXPIRE', KEYS[1], 86400000)
redis.call('PUBLISH', KEYS[2], '{"type":"failure","generation":' .. ARGV[2] .. '}')
return 1`;

const CLAIM = `
local holder = redis.call('GET', KEYS[1])
if holder and holder ~= ARGV[1] and holder ~= ARGV[3] then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 1`;

const RESIGN = `
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
return 1`;

const COMMIT = `
local current = redis.call('GET', KEYS[1])
if current and cjson.decode(current).step >= tonumber(ARGV[1]) then return 0 end
redis.call('SET', KEYS[1], ARGV[2])
return 1`;

export class RedisStore implements CoordinatorStore {
  private readonly redis: Redis;
  private subscriber: Redis | undefined;
  private readonly listeners = new Set<(event: StoreEvent) => void>();
  private readonly prefix: string;

  /** `url`: redis://[:password@]host:port (a password or ACL user is used when given). */
  constructor(url: string, readonly job: string) {
    this.prefix = `tensile:${job}:`;
    this.redis = new Redis(url, { lazyConnect: false, maxRetriesPerRequest: 2 });
    // Connection errors surface as rejected requests; ioredis reconnects by itself.
    this.redis.on('error', () => undefined);
  }

  private key(name: string): string {
    return this.prefix + name;
  }

  private run(script: string, keys: string[], args: (string | number)[]): Promise<unknown> {
    return this.request(() => this.redis.eval(script, keys.length, ...keys, ...args));
  }

  /** A Redis request whose failure (unreachable, refused) becomes a CoordinationError. */
  private async request<T>(what: () => Promise<T>): Promise<T> {
    try {
      return await what();
    } catch (err) {
      throw new CoordinationError(`redis store (job ${this.job}): ${(err as Error).message}`, { cause: err });
    }
  }

  async join(member: MemberInfo, leaseMs: number): Promise<void> {
    const info = JSON.stringify({ id: member.id, host: member.host, pid: member.pid, ...(member.proof === undefined ? {} : { proof: member.proof }) });
    const joined = await this.run(JOIN, [this.key(`member:${member.id}`), this.key('members'), this.key('seq'), this.key('events')], [member.id, info, Math.ceil(leaseMs)]);
    if (joined !== 1) throw new CoordinationError(`join: member '${member.id}' is already a member`);
  }

  async renew(id: string, leaseMs: number): Promise<boolean> {
    return (await this.request(() => this.redis.pexpire(this.key(`member:${id}`), Math.ceil(leaseMs)))) === 1;
  }

  async leave(id: string): Promise<void> {
    await this.run(LEAVE, [this.key(`member:${id}`), this.key('members'), this.key('events')], [id]);
  }

  async members(): Promise<MemberInfo[]> {
    const ids = await this.request(() => this.redis.zrange(this.key('members'), '0', '-1'));
    if (ids.length === 0) return [];
    const infos = await this.request(() => this.redis.mget(ids.map((id) => this.key(`member:${id}`))));
    const expired = ids.filter((_, i) => infos[i] === null);
    if (expired.length > 0) await this.request(() => this.redis.zrem(this.key('members'), ...expired));
    return infos.flatMap((info) => (info === null ? [] : [JSON.parse(info) as MemberInfo]));
  }

  async jobNonce(): Promise<string> {
    await this.request(() => this.redis.set(this.key('nonce'), newNonce(), 'NX'));
    return (await this.request(() => this.redis.get(this.key('nonce'))))!;
  }

  async generation(): Promise<Generation | undefined> {
    const text = await this.request(() => this.redis.get(this.key('generation')));
    return text === null ? undefined : (JSON.parse(text) as Generation);
  }

  async publishGeneration(previous: number, members: readonly string[]): Promise<Generation | undefined> {
    const text = await this.run(PUBLISH_GENERATION, [this.key('generation'), this.key('events')], [previous, JSON.stringify(members)]);
    return typeof text === 'string' ? (JSON.parse(text) as Generation) : undefined;
  }

  async claimCoordinator(id: string, leaseMs: number, replacing?: string): Promise<boolean> {
    // An empty string is never a holder's id.
    return (await this.run(CLAIM, [this.key('coordinator')], [id, Math.ceil(leaseMs), replacing ?? ''])) === 1;
  }

  async resignCoordinator(id: string): Promise<void> {
    await this.run(RESIGN, [this.key('coordinator')], [id]);
  }

  async coordinator(): Promise<string | undefined> {
    return (await this.request(() => this.redis.get(this.key('coordinator')))) ?? undefined;
  }

  async reportFailure(generation: number, member: string): Promise<void> {
    await this.run(REPORT_FAILURE, [this.key(`failed:${generation}`), this.key('events')], [member, generation]);
  }

  async failureReports(generation: number): Promise<string[]> {
    return this.request(() => this.redis.smembers(this.key(`failed:${generation}`)));
  }

  async commit(commit: Commit): Promise<void> {
    await this.run(COMMIT, [this.key('commit')], [commit.step, JSON.stringify({ step: commit.step, generation: commit.generation })]);
  }

  async lastCommit(): Promise<Commit | undefined> {
    const text = await this.request(() => this.redis.get(this.key('commit')));
    return text === null ? undefined : (JSON.parse(text) as Commit);
  }

  async subscribe(listener: (event: StoreEvent) => void): Promise<Subscription> {
    if (this.subscriber === undefined) {
      this.subscriber = this.redis.duplicate();
      this.subscriber.on('error', () => undefined);
      this.subscriber.on('message', (_channel: string, text: string) => {
        const event = JSON.parse(text) as StoreEvent;
        this.listeners.forEach((l) => l(event));
      });
      const subscriber = this.subscriber;
      await this.request(() => subscriber.subscribe(this.key('events')));
    }
    this.listeners.add(listener);
    return { close: async () => void this.listeners.delete(listener) };
  }

  async close(): Promise<void> {
    this.listeners.clear();
    await Promise.all([this.redis.quit(), this.subscriber?.quit()].map((p) => p?.catch(() => undefined)));
  }
}
