/**
 * The PyTorch peer of the elastic benchmarks: jobs of `torch.distributed.run` (torchrun) on
 * loopback, c10d rendezvous, one agent ("node") per worker process as a multi-machine job would
 * have, each running peers/ddp_mlp.py (DDP over gloo). Every agent runs in its own process group,
 * so stopping a job ends its agents, their workers and the rendezvous store.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PYTHON, torchEnv } from '../peers/torch.js';
import { EventLog, freePort, stopOnSignal } from './events.js';

const here = (file: string): string => fileURLToPath(new URL(file, import.meta.url));
const TORCHRUN = here('./peers/torchrun.py');
const SCRIPT = here('./peers/ddp_mlp.py');

/** An event a worker of peers/ddp_mlp.py printed. */
export interface TorchEvent {
  type: 'start' | 'step';
  node: string;
  rank: number;
  world: number;
  /** On 'start', the step it resumed at (from the checkpoint); on 'step', the step just applied. */
  step: number;
  pid?: number;
  /** TORCHELASTIC_RESTART_COUNT: how many times this node's agent has restarted its workers. */
  restart?: number;
}

export interface TorchrunOptions {
  /** torchrun --nnodes: `N` or `MIN:MAX`. */
  nnodes: string;
  workersPerNode: number;
  threadsPerWorker: number;
  steps: number;
  checkpointEvery: number;
}

export class TorchrunJob {
  readonly log = new EventLog<TorchEvent>();
  private readonly agents: ChildProcess[] = [];
  private readonly errors: string[] = [];
  private readonly release = stopOnSignal(() => this.stop());

  /** The job's checkpoint lives here; removed when the job stops. */
  private readonly dir = mkdtempSync(join(tmpdir(), 'tensile-bench-torchrun-'));

  private constructor(private readonly port: number, private readonly options: TorchrunOptions) {}

  static async create(options: TorchrunOptions): Promise<TorchrunJob> {
    return new TorchrunJob(await freePort(), options);
  }

  /** Starts a node (a torchrun agent) called `name`; the first one started hosts the rendezvous store. */
  startNode(name: string): ChildProcess {
    const { nnodes, workersPerNode, threadsPerWorker, steps, checkpointEvery } = this.options;
    const agent = spawn(PYTHON, [
      TORCHRUN, `--nnodes=${nnodes}`, `--nproc_per_node=${workersPerNode}`, '--rdzv_backend=c10d',
      `--rdzv_endpoint=127.0.0.1:${this.port}`, `--rdzv_id=bench-${this.port}`, '--max_restarts=100',
      SCRIPT, name, String(steps), String(threadsPerWorker), join(this.dir, 'checkpoint.pt'), String(checkpointEvery),
    ], { env: torchEnv(threadsPerWorker), detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    this.log.read(agent.stdout!);
    agent.stderr!.on('data', (chunk: Buffer) => this.errors.push(chunk.toString()));
    this.agents.push(agent);
    return agent;
  }

  /** The pid of the worker node `name` started last. */
  workerPid(name: string): number {
    const start = this.log.events.filter((e) => e.type === 'start' && e.node === name).at(-1);
    if (start?.pid === undefined) throw new Error(`bench:elastic: torchrun node ${name} has not started a worker`);
    return start.pid;
  }

  /** The end of what the agents wrote on stderr, for error messages. */
  stderr(): string {
    return this.errors.join('').split('\n').slice(-15).join('\n');
  }

  /** Kills every agent's process group (agent, workers, the store), waits for the agents to exit, removes the checkpoint. */
  async stop(): Promise<void> {
    this.release();
    await Promise.all(this.agents.map(async (agent) => {
      const exited = agent.exitCode !== null || agent.signalCode !== null ? Promise.resolve() : once(agent, 'exit');
      try {
        process.kill(-agent.pid!, 'SIGKILL');
      } catch {
        // The group is gone already.
      }
      await exited;
    }));
    rmSync(this.dir, { recursive: true, force: true });
  }
}
