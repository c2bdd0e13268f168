import { DynamicBatcher } from '../batcher/dynamicBatcher.js';
import { ModelLoadError, ModelNotFoundError } from '../errors.js';
import type { Deadline } from '../http/deadline.js';
import type { ReplicaPool } from '../pool/replicaPool.js';
import type { HostTensor } from '../tensors/hostTensor.js';
import type { ModelSignature } from '../tensors/signature.js';
import { conformInput } from '../tensors/signature.js';
import type { ModelSource } from './modelSource.js';
import { filesStamp, listVersions, versionDir } from './modelSource.js';

export interface BatchingOptions {
  maxBatch: number;
  delayMs: number;
  maxQueue: number;
  /** Batches each ready replica may hold at once (the next one is sent while it computes). */
  pipelineDepth: number;
  onBatch?: (model: string, rows: number) => void;
}

/** The version of a model being served, with its signature and its batcher. */
export interface ServedModel {
  readonly name: string;
  readonly version: number;
  readonly signature: ModelSignature;
  readonly batcher: DynamicBatcher;
}

/**
 * The models being served: for each, the latest version found in its directory. `reload()`
 * looks for newer versions; a newer one is loaded into every replica, then takes the traffic,
 * then the old version's batcher finishes what it holds and the replicas drop the old version.
 */
export class ModelRegistry {
  private readonly served = new Map<string, ServedModel>();
  private reloading: Promise<void> | undefined;
  /** Versions that failed to load, with their files' stamp: tried again only once a file changes. */
  private readonly refused = new Map<string, number>();

  constructor(private readonly sources: readonly ModelSource[], private readonly pool: ReplicaPool, private readonly batching: BatchingOptions, private readonly log: (line: string) => void = () => undefined) {}

  /** Starts the pool with the latest version of every model. */
  async start(): Promise<void> {
    const latest = this.sources.map((s) => {
      const version = listVersions(s.dir).at(-1);
      if (version === undefined) throw new ModelNotFoundError(`serve: '${s.dir}' holds no model (model.json, or version directories 1, 2, ... each with one)`);
      return { model: s.name, version, dir: versionDir(s.dir, version) };
    });
    const signatures = await this.pool.start(latest);
    for (const v of latest) this.serve(v.model, v.version, signatures.get(`${v.model}@${v.version}`)!);
  }

  private serve(name: string, version: number, signature: ModelSignature): void {
    const batcher = new DynamicBatcher({
      maxBatch: this.batching.maxBatch,
      delayMs: this.batching.delayMs,
      maxQueue: this.batching.maxQueue,
      maxInFlight: () => this.pool.readyCount * this.batching.pipelineDepth,
      run: (batch) => this.pool.run(name, version, batch),
      onBatch: (rows) => this.batching.onBatch?.(name, rows),
    });
    this.served.set(name, { name, version, signature, batcher });
  }

  names(): string[] {
    return [...this.served.keys()];
  }

  models(): ServedModel[] {
    return [...this.served.values()];
  }

  /** The served version of `name` if it is the one asked for (any, without `version`). */
  find(name: string, version?: string): ServedModel | undefined {
    const model = this.served.get(name);
    return model !== undefined && (version === undefined || version === String(model.version)) ? model : undefined;
  }

  /** The served version of `name`; a request naming another version gets a 404 saying which is served. */
  resolve(name: string, version?: string): ServedModel {
    const model = this.find(name, version);
    if (model !== undefined) return model;
    const served = this.served.get(name);
    if (served === undefined) throw new ModelNotFoundError(`model '${name}' is not served${this.served.size > 0 ? `; served: ${this.names().join(', ')}` : ''}`);
    throw new ModelNotFoundError(`version '${version}' of model '${name}' is not served; version ${served.version} is`);
  }

  /** Checks `input` against the model's input and runs it through the model's batcher. */
  async infer(name: string, version: string | undefined, input: HostTensor, deadline?: Deadline): Promise<{ model: ServedModel; output: HostTensor }> {
    const model = this.resolve(name, version);
    const conformed = conformInput(name, model.signature.inputs[0]!, input);
    return { model, output: await model.batcher.submit(conformed, deadline) };
  }

  /** Serves any version newer than the one served (one reload at a time). */
  reload(): Promise<void> {
    this.reloading ??= this.reloadNewer().finally(() => (this.reloading = undefined));
    return this.reloading;
  }

  private async reloadNewer(): Promise<void> {
    for (const source of this.sources) {
      try {
        await this.reloadSource(source);
      } catch (err) {
        // The directory changed under the scan (a file renamed away, the directory removed): next time.
        this.log(`model '${source.name}': cannot scan ${source.dir}: ${(err as Error).message}`);
      }
    }
  }

  private async reloadSource(source: ModelSource): Promise<void> {
    const current = this.served.get(source.name)!;
    const latest = listVersions(source.dir).at(-1);
    if (latest === undefined || latest <= current.version) return;
    const dir = versionDir(source.dir, latest);
    const key = `${source.name}@${latest}`;
    const stamp = filesStamp(dir);
    if (this.refused.get(key) === stamp) return;
    let signature: ModelSignature;
    try {
      signature = await this.pool.load({ model: source.name, version: latest, dir });
    } catch (err) {
      // A version still being copied in, or a broken one: keep serving the current one. (A
      // replica dying meanwhile is no fault of the version: it is tried again next time.)
      if (err instanceof ModelLoadError) this.refused.set(key, stamp);
      this.log(`model '${source.name}': version ${latest} not served: ${(err as Error).message}`);
      return;
    }
    this.serve(source.name, latest, signature);
    this.log(`model '${source.name}': serving version ${latest} (was ${current.version})`);
    await current.batcher.idle();
    this.pool.unload(source.name, current.version);
  }
}
