import { hostname } from 'node:os';
import { Coordinator } from '../elastic/coordinator.js';
import { RedisStore } from '../elastic/store/redis.js';
import { numberOption, parseCommand, positiveInteger } from './args.js';
import { UsageError } from './usage.js';

const OPTIONS = {
  redis: { type: 'string' },
  job: { type: 'string' },
  'min-workers': { type: 'string' },
  'max-workers': { type: 'string' },
  'lease-ms': { type: 'string' },
} as const;

/**
 * `tensile coordinator --redis URL --job NAME`: takes the job's coordinator role whenever its
 * lease is free (any number of these may run; one leads, the others stand by) and turns
 * membership into generations until SIGTERM or SIGINT, when it gives the lease up.
 */
export async function coordinator(argv: string[], write: (line: string) => void): Promise<void> {
  const { values } = parseCommand(argv, OPTIONS, 0);
  if (values.redis === undefined) throw new UsageError('coordinator needs --redis redis://HOST:6379');
  if (values.job === undefined) throw new UsageError('coordinator needs --job NAME');
  const leaseMs = numberOption('lease-ms', values['lease-ms'], 3000, positiveInteger, 'a positive integer');
  const id = `coordinator-${hostname()}-${process.pid}`;
  const store = new RedisStore(values.redis, values.job);
  let failure: Error | undefined;
  const role = new Coordinator(store, {
    id,
    minWorkers: numberOption('min-workers', values['min-workers'], 1, positiveInteger, 'a positive integer'),
    maxWorkers: numberOption('max-workers', values['max-workers'], Infinity, positiveInteger, 'a positive integer'),
    leaseMs,
    settleMs: 200,
    pollMs: Math.min(1000, leaseMs / 4),
    onError: (err) => {
      if (failure?.message !== err.message) write(JSON.stringify({ event: 'error', id, message: err.message }));
      failure = err;
    },
  });
  await role.start();
  write(JSON.stringify({ event: 'started', id, job: values.job }));
  const signal = await new Promise<string>((resolve) => {
    for (const s of ['SIGTERM', 'SIGINT'] as const) process.once(s, () => resolve(s));
  });
  await role.stop();
  await store.close();
  write(JSON.stringify({ event: 'stopped', id, signal }));
}
