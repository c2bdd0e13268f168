/** What the elastic benchmarks share: JSON-line events from child processes, bounded waits, free ports. */
import { once } from 'node:events';
import { createServer } from 'node:net';
import type { Readable } from 'node:stream';
import { createInterface } from 'node:readline';

/** The events child processes print as JSON lines, each stamped with the time it was read. */
export class EventLog<E extends object> {
  readonly events: (E & { at: number })[] = [];
  private waiters: { test: (e: E & { at: number }) => boolean; resolve: (e: E & { at: number }) => void }[] = [];

  /** Reads `stream` to its end; lines that are not JSON objects (warnings, tracebacks) are skipped. */
  read(stream: Readable): void {
    void (async () => {
      for await (const line of createInterface({ input: stream })) {
        if (!line.startsWith('{')) continue;
        let event: E & { at: number };
        try {
          event = { ...(JSON.parse(line) as E), at: performance.now() };
        } catch {
          continue;
        }
        this.events.push(event);
        const waiting = this.waiters;
        this.waiters = [];
        for (const w of waiting) (w.test(event) ? w.resolve(event) : this.waiters.push(w));
      }
    })();
  }

  /** The first event, already read or still to come, that `test` accepts. */
  when(test: (e: E & { at: number }) => boolean): Promise<E & { at: number }> {
    const seen = this.events.find(test);
    return seen !== undefined ? Promise.resolve(seen) : new Promise((resolve) => this.waiters.push({ test, resolve }));
  }
}

/** `promise`'s value, or undefined if it has not settled within `ms`. */
export async function within<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), ms)));
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** `promise`'s value; a typed error naming `what` if it has not come within `ms`. */
export async function waitFor<T>(what: string, promise: Promise<T>, ms: number): Promise<T> {
  const value = await within(promise, ms);
  if (value === undefined) throw new Error(`bench:elastic: ${what} did not happen within ${ms / 1000} s`);
  return value;
}

/** A loopback port nobody listens on right now. */
export async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Samples per second of global batches of `batch` between two step events (`steps` apart). */
export const samplesPerSecond = (batch: number, steps: number, from: { at: number }, to: { at: number }): number => (steps * batch * 1000) / (to.at - from.at);

const stoppers = new Set<() => Promise<void>>();
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void Promise.allSettled([...stoppers].map((stop) => stop())).then(() => process.exit(1)));
}

/**
 * Runs `stop` if this process is interrupted (SIGINT, SIGTERM) before the returned function is
 * called, so no worker, agent or redis-server it started outlives it.
 */
export function stopOnSignal(stop: () => Promise<void>): () => void {
  stoppers.add(stop);
  return () => void stoppers.delete(stop);
}
