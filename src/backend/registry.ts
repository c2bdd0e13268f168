import { BackendError } from '../errors.js';
import type { Backend } from './backend.js';

/**
 * Backend selection. Each backend registers a factory with a priority (native > wasm > js);
 * a factory throws when its backend cannot run here (no addon, no WebAssembly SIMD). The first
 * use picks `TENSILE_BACKEND` if set, else the highest-priority backend that loads.
 */
interface Registration {
  priority: number;
  create: () => Backend;
  instance?: Backend;
}

const registry = new Map<string, Registration>();
let active: Backend | undefined;

export function registerBackend(name: string, priority: number, create: () => Backend): void {
  registry.set(name, { priority, create });
}

export function listBackends(): string[] {
  return [...registry.entries()].sort((a, b) => b[1].priority - a[1].priority).map(([name]) => name);
}

function load(name: string, caller = 'setBackend'): Backend {
  const reg = registry.get(name);
  if (reg === undefined) {
    throw new BackendError(`${caller}: unknown backend '${name}'; available: ${listBackends().join(', ')}`);
  }
  if (reg.instance === undefined) {
    try {
      reg.instance = reg.create();
    } catch (err) {
      throw new BackendError(`${caller}: backend '${name}' cannot run here: ${(err as Error).message}`);
    }
  }
  return reg.instance;
}

/**
 * The backend registered as `name` (created on first use), without making it the active one:
 * for calling kernels directly, as the backend conformance tests do.
 */
export function getBackendInstance(name: string): Backend {
  return load(name, 'getBackendInstance');
}

/** Makes `name` the backend for all later ops. Tensors keep their data; any backend can read them. */
export function setBackend(name: string): void {
  active = load(name);
}

/** The name of the backend ops run on, choosing one first if none was chosen yet. */
export function getBackend(): string {
  return backend().name;
}

/** The active backend: what ops call kernels on. */
export function backend(): Backend {
  if (active !== undefined) return active;
  const requested = typeof process === 'undefined' ? undefined : process.env['TENSILE_BACKEND'];
  if (requested !== undefined && requested !== '') {
    active = load(requested);
    return active;
  }
  const failures: string[] = [];
  for (const name of listBackends()) {
    try {
      active = load(name);
      return active;
    } catch (err) {
      failures.push((err as Error).message);
    }
  }
  throw new BackendError(`no backend could be loaded: ${failures.join('; ')}`);
}
