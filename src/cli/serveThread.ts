/**
 * `tensile serve`'s server, in a worker thread of its own (see serve.ts): starts it with the
 * options it is given, posts `{ url, models }` (or `{ failed }`, a ThreadError), and closes
 * it when the parent posts anything.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { start } from '../serve/index.js';
import type { ServeOptions } from '../serve/index.js';
import { describeThreadError } from './threadError.js';

const port = parentPort!;
try {
  const server = await start(workerData as ServeOptions);
  port.once('message', () => void server.close().then(() => port.close()));
  port.postMessage({ url: server.url, models: server.models });
} catch (err) {
  port.postMessage({ failed: describeThreadError(err) });
  port.close();
}
