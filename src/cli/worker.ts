import { once } from 'node:events';
import { availableParallelism, hostname } from 'node:os';
import { setThreads } from '../backend/index.js';
import { Checkpoints } from '../elastic/checkpoint.js';
import { siblingModule, spawnThread } from '../elastic/embedded/spawnThread.js';
import { GlooGroups } from '../elastic/collective/gloo.js';
import { joinProof } from '../elastic/security.js';
import { Replica } from '../elastic/worker/replica.js';
import { ElasticWorker } from '../elastic/worker/runtime.js';
import { StepStatus } from '../elastic/stepStatus.js';
import { sizeNewThreadHeaps } from '../v8Heap.js';
import type { MemberInfo } from '../elastic/store/store.js';
import { planFit } from '../nn/model/training.js';
import { numberOption, parseCommand, positiveInteger } from './args.js';
import { ROLE_OPTIONS, coordinatorRole } from './coordinator.js';
import { describeThreadError, rebuildThreadError } from './threadError.js';
import type { ThreadError } from './threadError.js';
import { TRAINING_OPTIONS, setUpTraining } from './trainingSetup.js';
import type { FromWorkerThread, WorkerThreadJob } from './workerThread.js';

const OPTIONS = {
  ...TRAINING_OPTIONS,
  ...ROLE_OPTIONS,
  host: { type: 'string' },
  'checkpoint-dir': { type: 'string' },
  'checkpoint-every': { type: 'string' },
  'step-deadline-ms': { type: 'string' },
} as const;

/**
 * The worker's job, in the thread `tensile worker` runs it in (cli/workerThread.ts): joins, trains,
 * and at the end, on rank 0, saves the model. `write` prints a JSON-lines report on stdout;
 * `leaveRequested` calls back when the process is asked to leave (SIGTERM).
 */
export async function runWorker(argv: string[], write: (line: string) => void, leaveRequested: (leave: () => void) => void, progressOnStderr: boolean): Promise<void> {
  const { values } = parseCommand(argv, OPTIONS, 0);
  const { store, role, id, leaseMs, url, job, secret } = coordinatorRole('worker', values, write);
  const { data, model, compiled, epochs, batchSize, seed, outDir } = setUpTraining('worker', values);
  const pollMs = Math.min(1000, leaseMs / 4);
  const dir = values['checkpoint-dir'];
  const plan = planFit(model, data.train.x, data.train.y, { epochs, batchSize, seed });
  const shareCores = async (): Promise<void> => {
    const [generation, members] = await Promise.all([store.generation(), store.members()]);
    const here = members.filter((m) => m.host === hostname() && generation?.members.includes(m.id) === true).length;
    const threads = setThreads(Math.max(1, Math.floor(availableParallelism() / Math.max(1, here))));
    write(JSON.stringify({ type: 'threads', member: id, threads }));
  };
  const memberInfo = async (memberId: string): Promise<MemberInfo> => ({
    id: memberId, host: hostname(), pid: process.pid, ...(secret === undefined ? {} : { proof: joinProof(secret, await store.jobNonce(), memberId) }),
  });
  const stepDeadlineMs = values['step-deadline-ms'];
  // The terminal's progress line (stdout carries the JSON-lines reports).
  const status = new StepStatus();
  let shown = 0;
  const member = new ElasticWorker({
    member: await memberInfo(id),
    rejoinAs: (attempt) => memberInfo(`${id}.${attempt}`),
    store,
    groups: new GlooGroups({ redis: url, job, hostname: values.host ?? '127.0.0.1', timeoutMs: 2 * leaseMs, ...(secret === undefined ? {} : { secret }) }),
    replica: new Replica(model, compiled, plan, 0),
    report: (report) => {
      write(JSON.stringify(report, (key, value: unknown) => (key === 'bytes' || key === 'predictions' ? undefined : value)));
      status.report(report);
      if (progressOnStderr && performance.now() - shown > 100) {
        shown = performance.now();
        process.stderr.write(`\r\x1b[K${status.line()}`);
      }
      if (report.type === 'generation') void shareCores().catch(() => undefined);
    },
    options: {
      leaseMs, pollMs, predictions: false,
      ...(stepDeadlineMs === undefined ? {} : { stepDeadlineMs: numberOption('step-deadline-ms', stepDeadlineMs, 0, positiveInteger, 'a positive integer') }),
      checkpoints: dir === undefined ? undefined : {
        store: new Checkpoints(dir), job,
        every: numberOption('checkpoint-every', values['checkpoint-every'], 100, positiveInteger, 'a positive integer'),
      },
    },
  });
  leaveRequested(() => member.requestLeave());
  await role.start();
  try {
    const outcome = await member.run();
    if (outcome === 'done' && member.rank === 0) {
      await model.save(outDir);
      write(JSON.stringify({ type: 'saved', member: id, path: outDir }));
    }
  } finally {
    await role.stop();
    await store.close();
  }
}

/**
 * `tensile worker --redis URL --job NAME --data ... --model ...`: one worker process of a
 * multi-process elastic job. Every worker of a job is given the same training options; each
 * joins through Redis, sums gradients with the others through Gloo, and also stands by for the
 * coordinator role (so a job needs no other process). Prints its reports as JSON lines. SIGTERM:
 * finish the step, then leave. A worker dropped from the job while it was alive (it missed the step
 * deadline, --step-deadline-ms, or was stopped past its lease) joins again under a new id and takes
 * a live peer's state. At the end, the worker of rank 0 saves the model to --out.
 * Worker processes on one host share its cores: in each generation, each takes cores / (members
 * of the generation on this host) threads.
 * The worker runs in a thread of this process, whose V8 heap is sized for training
 * (v8Heap.ts); this thread relays its reports and SIGTERM.
 */
export async function worker(argv: string[], write: (line: string) => void): Promise<void> {
  sizeNewThreadHeaps();
  const job: WorkerThreadJob = { argv, progressOnStderr: process.stderr.isTTY === true };
  const thread = spawnThread(siblingModule(import.meta.url, 'workerThread'), { workerData: job });
  const leave = (): void => thread.postMessage('leave');
  process.once('SIGTERM', leave);
  let failed: ThreadError | undefined;
  thread.on('message', (message: FromWorkerThread) => {
    if ('line' in message) return write(message.line);
    // Stopped rather than awaited: what it opened before it failed (e.g. a Redis client still
    // connecting) could keep it alive.
    failed = message.failed;
    void thread.terminate();
  });
  thread.on('error', (err) => (failed = describeThreadError(err)));
  try {
    const [code] = await once(thread, 'exit') as [number];
    if (failed === undefined && code !== 0) failed = { name: 'Error', message: `worker: its thread stopped with exit code ${code}`, typed: true };
  } finally {
    process.off('SIGTERM', leave);
  }
  if (failed !== undefined) throw rebuildThreadError(failed);
}
