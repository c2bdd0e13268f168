// Compiles the wasm backend's kernels (wasm/assembly, AssemblyScript) to build/wasm/tensile.wasm
// during `npm install`, or says in one line why it did not. It never fails the install: without
// the .wasm, Tensile uses the next backend. The compiler is the optional dependency
// `assemblyscript`; nothing is downloaded. TENSILE_SKIP_WASM=1 skips the build.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const sources = join(root, 'wasm', 'assembly');
const output = join(root, 'build', 'wasm', 'tensile.wasm');
const HOW_TO_ENABLE = 'npm install (with optional dependencies), then npm rebuild';

function skip(reason) {
  console.log(`tensile: wasm backend not built (${reason}); for it: ${HOW_TO_ENABLE}`);
  process.exit(0);
}

/** Newer than every source file: nothing to do (a consumer's install reaches here again). */
function upToDate() {
  if (!existsSync(output)) return false;
  const built = statSync(output).mtimeMs;
  return [...readdirSync(sources).map((f) => join(sources, f)), fileURLToPath(import.meta.url)]
    .every((f) => statSync(f).mtimeMs < built);
}

function compiler() {
  try {
    return createRequire(import.meta.url).resolve('assemblyscript/bin/asc.js');
  } catch {
    return undefined;
  }
}

if (process.env.TENSILE_SKIP_WASM === '1') skip('TENSILE_SKIP_WASM=1');
if (upToDate()) {
  console.log('tensile: wasm kernels up to date');
  process.exit(0);
}
const asc = compiler();
if (asc === undefined) skip('the optional dependency assemblyscript is not installed');

mkdirSync(dirname(output), { recursive: true });
// The memory is the JS side's (imported, shared between worker threads, so it needs a maximum:
// 65536 pages = 4 GiB, the wasm32 limit; a page may create a smaller one). No runtime, no
// assertions, no abort import: the kernels allocate nothing and are called with checked sizes.
const build = spawnSync(process.execPath, [
  asc, join(sources, 'index.ts'), '-o', output,
  '-O3', '--noAssert', '--runtime', 'stub', '--use', 'abort=',
  '--enable', 'simd,threads', '--importMemory', '--sharedMemory', '--initialMemory', '1', '--maximumMemory', '65536',
], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
if (build.status !== 0 || !existsSync(output)) {
  console.log(`${build.stdout ?? ''}${build.stderr ?? ''}`.trim().split('\n').slice(-25).join('\n'));
  skip('the build failed, output above');
}
console.log('tensile: wasm kernels built');
