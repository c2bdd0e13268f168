import { runConformanceSuite } from './conformance.js';

// The .wasm is built by `npm install` (assemblyscript is an optional dependency of the package,
// always installed here), so a missing build fails this file instead of skipping it.
runConformanceSuite('wasm');
