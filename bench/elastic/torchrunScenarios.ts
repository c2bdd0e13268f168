/**
 * The elastic scenarios on torchrun, as tensileProcesses.ts runs them on Tensile: one worker per
 * node (agent), checkpoints every 100 steps (what `tensile worker --checkpoint-every` defaults
 * to), torchrun's default monitor interval (5 s) and rendezvous timeouts (last call 30 s), at most
 * 100 restarts per agent.
 */
import { samplesPerSecond, sleep, waitFor, within } from './events.js';
import type { Hang, Joining, Recovery, Throughput } from './measures.js';
import type { TorchEvent, TorchrunOptions } from './torchrun.js';
import { TorchrunJob } from './torchrun.js';

const BATCH = 512;
const CHECKPOINT_EVERY = 100;
/** Waits for something torchrun should do within a rendezvous round or two. */
const PATIENCE_MS = 120_000;

type Event = TorchEvent & { at: number };
const isStep = (e: Event): boolean => e.type === 'step';
const lastStep = (job: TorchrunJob): number => Math.max(-1, ...job.log.events.filter(isStep).map((e) => e.step));

/** Runs `scenario` on a new torchrun job; stops the job however it ends. */
async function withJob<T>(options: Omit<TorchrunOptions, 'checkpointEvery'>, scenario: (job: TorchrunJob) => Promise<T>): Promise<T> {
  const job = await TorchrunJob.create({ ...options, checkpointEvery: CHECKPOINT_EVERY });
  try {
    return await scenario(job);
  } catch (err) {
    throw new Error(`${(err as Error).message}\ntorchrun's stderr:\n${job.stderr()}`);
  } finally {
    await job.stop();
  }
}

/** Samples/s of one node running `workers` workers of `threads` threads each, over `steps` steps after a warm-up of 20. */
export function throughput(workers: number, threads: number, steps = 300): Promise<Throughput> {
  return withJob({ nnodes: '1', workersPerNode: workers, threadsPerWorker: threads, steps: steps + 40 }, async (job) => {
    job.startNode('a');
    const from = await waitFor('step 20', job.log.when((e) => isStep(e) && e.rank === 0 && e.step === 20), PATIENCE_MS);
    const to = await waitFor(`step ${20 + steps}`, job.log.when((e) => isStep(e) && e.rank === 0 && e.step === 20 + steps), PATIENCE_MS);
    return { rate: samplesPerSecond(BATCH, steps, from, to), threads };
  });
}

/** 3 nodes; the worker of one is SIGKILLed `rounds` times, each time after the job has trained 2 s since it resumed. */
export function recovery(rounds = 5): Promise<Recovery> {
  return withJob({ nnodes: '3', workersPerNode: 1, threadsPerWorker: 1, steps: 1e9 }, async (job) => {
    const nodes = ['a', 'b', 'c'];
    nodes.forEach((n) => job.startNode(n));
    const result: Recovery = { ms: [], survivorsRestarted: 0, survivors: 0, redone: [], note: `checkpoint every ${CHECKPOINT_EVERY} steps; monitor interval 5 s` };
    let since = 0;
    for (let round = 0; round < rounds; round++) {
      await waitFor('a 3-worker step', job.log.when((e) => isStep(e) && e.world === 3 && e.at > since), PATIENCE_MS);
      await sleep(2000);
      const victim = nodes[round % nodes.length]!;
      const before = lastStep(job);
      const killed = performance.now();
      process.kill(job.workerPid(victim), 'SIGKILL');
      // The first step of a worker started after the kill (one the others finished with the victim before it died does not count).
      const restartedBy = (e: Event): boolean => job.log.events.some((s) => s.type === 'start' && s.node === e.node && s.at > killed && s.at < e.at);
      const next = await waitFor('a step after the kill', job.log.when((e) => isStep(e) && e.at > killed && restartedBy(e)), PATIENCE_MS);
      result.ms.push(next.at - killed);
      const starts = job.log.events.filter((e) => e.type === 'start' && e.at > killed);
      result.survivors += nodes.length - 1;
      result.survivorsRestarted += new Set(starts.filter((e) => e.node !== victim).map((e) => e.node)).size;
      result.redone.push(before + 1 - Math.min(...starts.map((e) => e.step)));
      since = next.at;
    }
    return result;
  });
}

/** 2 nodes of a job that may grow to 4; a third node is started once they train. */
export function joining(): Promise<Joining> {
  return withJob({ nnodes: '2:4', workersPerNode: 1, threadsPerWorker: 1, steps: 1e9 }, async (job) => {
    job.startNode('a');
    job.startNode('b');
    await waitFor('a 2-worker step', job.log.when((e) => isStep(e) && e.world === 2), PATIENCE_MS);
    await sleep(2000);
    const started = performance.now();
    const stepAtStart = lastStep(job);
    job.startNode('c');
    const first = await waitFor('the new node\'s first step', job.log.when((e) => isStep(e) && e.node === 'c'), PATIENCE_MS);
    const before = job.log.events.filter((e) => isStep(e) && e.at > started && e.at < first.at && e.world === 2);
    const resumed = job.log.events.find((e) => e.type === 'start' && e.at > started)!;
    const restarted = new Set(job.log.events.filter((e) => e.type === 'start' && e.at > started && e.node !== 'c').map((e) => e.node)).size;
    const trained = Math.max(stepAtStart, ...before.map((e) => e.step));
    return {
      fromStartMs: first.at - started, steps: trained - stepAtStart, restarted,
      note: `the 2 workers restarted from the checkpoint at step ${resumed.step}: ${trained + 1 - resumed.step} steps redone`,
    };
  });
}

/** 3 nodes; the worker of one is stopped (SIGSTOP); waits up to `capMs` for the others to commit a step. */
export function hang(capMs = 60_000): Promise<Hang> {
  return withJob({ nnodes: '3', workersPerNode: 1, threadsPerWorker: 1, steps: 1e9 }, async (job) => {
    ['a', 'b', 'c'].forEach((n) => job.startNode(n));
    await waitFor('a 3-worker step', job.log.when((e) => isStep(e) && e.world === 3), PATIENCE_MS);
    await sleep(2000);
    const stopped = performance.now();
    process.kill(job.workerPid('c'), 'SIGSTOP');
    // A step the stopped worker had finished may still be reported by the others; the one after it cannot be without it.
    await sleep(300);
    const before = lastStep(job);
    const next = await within(job.log.when((e) => isStep(e) && e.step > before), capMs);
    return { ms: next === undefined ? undefined : next.at - stopped, capMs, note: 'gloo process group timeout: the default 30 min' };
  });
}
