import { hostname } from 'node:os';
import { readBytes } from '../io/files.js';
import { Coordinator } from '../elastic/coordinator.js';
import { RedisStore } from '../elastic/store/redis.js';
import { numberOption, parseCommand, positiveInteger } from './args.js';
import { UsageError } from './usage.js';

/** The options of the coordinator role, shared by `coordinator` and `worker`. */
export const ROLE_OPTIONS = {
  redis: { type: 'string' },
  job: { type: 'string' },
  'min-workers': { type: 'string' },
  'max-workers': { type: 'string' },
  'lease-ms': { type: 'string' },
  'secret-file': { type: 'string' },
} as const;

type RoleValues = { [K in keyof typeof ROLE_OPTIONS]?: string };

/** The job's Redis store and this process's coordinator role on it (not started), from the options. */
export function coordinatorRole(command: string, values: RoleValues, write: (line: string) => void): { store: RedisStore; role: Coordinator; id: string; leaseMs: number; url: string; job: string; secret: string | undefined } {
  if (values.redis === undefined) throw new UsageError(`${command} needs --redis redis://HOST:6379`);
  if (values.job === undefined) throw new UsageError(`${command} needs --job NAME`);
  const leaseMs = numberOption('lease-ms', values['lease-ms'], 3000, positiveInteger, 'a positive integer');
  const id = `${hostname()}-${process.pid}`;
  const store = new RedisStore(values.redis, values.job);
  const file = values['secret-file'];
  const secret = file === undefined ? undefined : readBytes(command, file).toString('utf8').trim();
  if (secret === '') throw new UsageError(`--secret-file ${file} is empty`);
  let failure: string | undefined;
  const role = new Coordinator(store, {
    id,
    minWorkers: numberOption('min-workers', values['min-workers'], 1, positiveInteger, 'a positive integer'),
    maxWorkers: numberOption('max-workers', values['max-workers'], Infinity, positiveInteger, 'a positive integer'),
    leaseMs,
    settleMs: 200,
    pollMs: Math.min(1000, leaseMs / 4),
    onError: (err) => {
      if (failure !== err.message) write(JSON.stringify({ type: 'error', member: id, message: err.message }));
      failure = err.message;
    },
    secret,
    onRefused: (member) => write(JSON.stringify({ type: 'refused', member: member.id, host: member.host, pid: member.pid })),
  });
  return { store, role, id, leaseMs, url: values.redis, job: values.job, secret };
}

/**
 * `tensile coordinator --redis URL --job NAME`: takes the job's coordinator role whenever its
 * lease is free (any number of these may run, and every `tensile worker` also stands by; one
 * leads) and turns membership into generations until SIGTERM or SIGINT, when it gives the lease up.
 */
export async function coordinator(argv: string[], write: (line: string) => void): Promise<void> {
  const { values } = parseCommand(argv, ROLE_OPTIONS, 0);
  const { store, role, id, job } = coordinatorRole('coordinator', values, write);
  await role.start();
  write(JSON.stringify({ event: 'started', id, job }));
  const signal = await new Promise<string>((resolve) => {
    for (const s of ['SIGTERM', 'SIGINT'] as const) process.once(s, () => resolve(s));
  });
  await role.stop();
  await store.close();
  write(JSON.stringify({ event: 'stopped', id, signal }));
}
