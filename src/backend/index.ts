// Importing a backend module registers it; keep the imports here so every op sees all backends.
import './js/index.js';
import './native/index.js';
import './wasm/index.js';

export type * from './backend.js';
export { backend, getBackend, getBackendInstance, listBackends, registerBackend, setBackend } from './registry.js';
export { setThreads } from './threads.js';
