/**
 * `tensile worker`'s thread (see worker.ts): runs the worker with the arguments it is given, posts
 * each report line, then `{ failed }` if it threw; leaves after its step when the parent posts 'leave'.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { describeThreadError } from './threadError.js';
import type { ThreadError } from './threadError.js';
import { runWorker } from './worker.js';

export interface WorkerThreadJob { argv: string[]; progressOnStderr: boolean }
export type FromWorkerThread = { line: string } | { failed: ThreadError };

const port = parentPort!;
const { argv, progressOnStderr } = workerData as WorkerThreadJob;
const post = (message: FromWorkerThread): void => port.postMessage(message);
try {
  await runWorker(argv, (line) => post({ line }), (leave) => port.once('message', leave), progressOnStderr);
} catch (err) {
  post({ failed: describeThreadError(err) });
}
port.close();
