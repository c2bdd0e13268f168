import { Worker } from 'node:worker_threads';
import type { WorkerOptions } from 'node:worker_threads';

/**
 * A worker thread running the module at `url`. Compiled code (dist/) runs as is. A TypeScript
 * module, as when tests run the sources through tsx, needs tsx's loader, which Node 20 does not
 * pass on to worker threads: the thread then starts from a bootstrap that registers it first.
 */
export function spawnThread(url: URL, options: WorkerOptions = {}): Worker {
  if (!url.pathname.endsWith('.ts')) return new Worker(url, options);
  const bootstrap = `import { register } from ${JSON.stringify(import.meta.resolve('tsx/esm/api'))};
register();
await import(${JSON.stringify(url.href)});`;
  return new Worker(new URL(`data:text/javascript,${encodeURIComponent(bootstrap)}`), options);
}

/** The URL of the sibling module `name` of `base` (a module's import.meta.url), in the same language as `base`. */
export function siblingModule(base: string, name: string): URL {
  return new URL(`${name}${base.endsWith('.ts') ? '.ts' : '.js'}`, base);
}
