/**
 * Serving: `tl.serve.start({models: ['models/mnist']})` runs the HTTP inference server (TF
 * Serving REST and KServe v2) over a pool of replica processes; see DESIGN.md section 6.
 */
import type { ServeOptions } from './options.js';
import type { ServeHandle } from './start.js';

export type { ServeOptions } from './options.js';
export type { ServeHandle } from './start.js';
export type { BalancerPolicy } from './balancer/balancer.js';
export type { AutoscalePolicy } from './autoscaler/scalingPolicy.js';
export type { ModelSource } from './repository/modelSource.js';
export { ServeError, ModelNotFoundError, UnauthorizedError, OverloadedError, UnavailableError, InferenceTimeoutError, InferenceError, ModelLoadError, ReplicaLostError } from './errors.js';

/** Starts a server and resolves once a replica is ready and HTTP is listening. */
export async function start(options: ServeOptions): Promise<ServeHandle> {
  // The HTTP stack is loaded on first use: `import 'tensile'` stays light for those who only train.
  const { startServer } = await import('./start.js');
  return startServer(options);
}
