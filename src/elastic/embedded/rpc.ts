/**
 * Calls from a worker thread to objects of the host thread over a MessagePort: `serveRpc` answers
 * them, `RpcClient` makes them. Arguments and results are structured-cloned (a SharedArrayBuffer
 * is shared, not copied). The host may also push notices (store events) to the thread.
 *
 * Errors cross as their name and message: an ElasticError subclass comes back as itself
 * (a CollectiveError keeps its failure), anything else as a CoordinationError.
 */
import type { MessagePort } from 'node:worker_threads';
import { CollectiveError, CoordinationError, ElasticError } from '../errors.js';
import type { CollectiveFailure } from '../errors.js';

/** An object whose methods can be called remotely: every method async. */
export type Remote<A> = { [K in keyof A]: (...args: never[]) => Promise<unknown> };

type Message =
  | { kind: 'call'; id: number; method: string; args: unknown[] }
  | { kind: 'reply'; id: number; value: unknown }
  | { kind: 'error'; id: number; name: string; message: string; failure?: CollectiveFailure }
  | { kind: 'notice'; value: unknown };

/** Answers calls arriving on `port` with `api`'s methods; returns a function that pushes notices. */
export function serveRpc<A extends Remote<A>>(port: MessagePort, api: A): (notice: unknown) => void {
  port.on('message', (message: Message) => {
    if (message.kind !== 'call') return;
    const { id, method, args } = message;
    const fn = (api as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>)[method];
    const call = typeof fn === 'function' ? Promise.resolve().then(() => fn.apply(api, args)) : Promise.reject(new CoordinationError(`no remote method '${method}'`));
    call.then(
      (value) => port.postMessage({ kind: 'reply', id, value } satisfies Message),
      (err: Error) => port.postMessage({
        kind: 'error', id, name: err.name, message: err.message,
        ...(err instanceof CollectiveError ? { failure: err.failure } : {}),
      } satisfies Message),
    );
  });
  return (value) => port.postMessage({ kind: 'notice', value } satisfies Message);
}

function rebuild(name: string, message: string, failure: CollectiveFailure | undefined): ElasticError {
  if (name === 'CollectiveError') return new CollectiveError(message, failure ?? 'aborted');
  return new CoordinationError(name === 'CoordinationError' ? message : `${name}: ${message}`);
}

export class RpcClient<A extends Remote<A>> {
  private nextId = 0;
  private readonly pending = new Map<number, { resolve(value: unknown): void; reject(err: Error): void }>();

  constructor(private readonly port: MessagePort, onNotice: (value: unknown) => void = () => undefined) {
    port.on('message', (message: Message) => {
      if (message.kind === 'notice') return onNotice(message.value);
      if (message.kind === 'call') return;
      const waiting = this.pending.get(message.id);
      this.pending.delete(message.id);
      if (message.kind === 'reply') waiting?.resolve(message.value);
      else waiting?.reject(rebuild(message.name, message.message, message.failure));
    });
  }

  call<K extends keyof A & string>(method: K, ...args: Parameters<A[K]>): ReturnType<A[K]> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.port.postMessage({ kind: 'call', id, method, args } satisfies Message);
    }) as ReturnType<A[K]>;
  }

  close(): void {
    this.port.close();
  }
}
