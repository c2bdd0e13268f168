/**
 * The entry point of an embedded worker thread: rebuilds the model from the job, runs the worker
 * runtime against the host's store (over RPC) and shared-memory groups, and posts its reports to
 * the host. Asked to leave, it leaves after its current step.
 */
import { hostname } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { setThreads } from '../../backend/index.js';
import { restoreModel } from '../../io/tfjs/load.js';
import { decodeWeights } from '../../io/tfjs/weights.js';
import { Tensor } from '../../tensor/tensor.js';
import { Checkpoints } from '../checkpoint.js';
import { ElasticError } from '../errors.js';
import { Replica } from '../worker/replica.js';
import { ElasticWorker } from '../worker/runtime.js';
import { RemoteGroups, RemoteStore } from './hostApi.js';
import type { HostMessage, ThreadJob } from './threadJob.js';

const job = workerData as ThreadJob;
setThreads(job.threads);
const port = parentPort!;
const source = `elastic job (worker ${job.member})`;
const { model, setup } = restoreModel(job.model.json, decodeWeights(job.model.json.weightsManifest[0]!.weights, job.model.data, source), source);
if (setup === undefined) throw new ElasticError(`${source}: the model has no training config`);
const plan = { ...job.plan, x: new Tensor(job.x.values, job.x.shape), y: new Tensor(job.y.values, job.y.shape), validation: undefined };
const store = new RemoteStore(job.port);
const worker = new ElasticWorker({
  member: { id: job.member, host: hostname(), pid: process.pid },
  rejoinAs: async (attempt) => ({ id: `${job.member}.${attempt}`, host: hostname(), pid: process.pid }),
  store,
  groups: new RemoteGroups(store.rpc, job.member, job.collectiveTimeoutMs),
  replica: new Replica(model, setup, plan, job.start),
  report: (report) => port.postMessage(report),
  options: {
    leaseMs: job.leaseMs, pollMs: job.pollMs, predictions: job.predictions,
    ...(job.stepDeadlineMs === undefined ? {} : { stepDeadlineMs: job.stepDeadlineMs }),
    checkpoints: job.checkpoint === undefined ? undefined : { store: new Checkpoints(job.checkpoint.dir, job.checkpoint.keep), every: job.checkpoint.every, job: job.checkpoint.job },
  },
});
port.on('message', (message: HostMessage) => {
  if (message.type === 'leave') worker.requestLeave();
});
try {
  await worker.run();
} finally {
  await store.close();
  port.unref();
}
