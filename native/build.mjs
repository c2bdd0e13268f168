// Builds the native addon during `npm install` (the package's install script), or says in one
// line why it did not. It never fails the install: without the addon, Tensile uses the next
// backend. Nothing is downloaded: node-gyp comes with npm and builds against the installed
// Node's headers. Environment: TENSILE_SKIP_NATIVE=1 skips the build; TENSILE_DNNL_INCLUDE
// points at another oneDNN include directory (default /usr/include; a directory without
// oneapi/dnnl/dnnl.hpp simulates a machine without libdnnl-dev). Gloo collectives (elastic
// training across processes) are compiled in when libgloo-dev and libhiredis-dev are installed.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const addon = join(root, 'build', 'Release', 'tensile_native.node');
const include = process.env.TENSILE_DNNL_INCLUDE || '/usr/include';
const HOW_TO_ENABLE = 'apt-get install libdnnl-dev g++ make python3, then npm rebuild';

function skip(reason) {
  console.log(`tensile: native backend not built (${reason}); for it: ${HOW_TO_ENABLE}`);
  process.exit(0);
}

const found = (command) => spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;

/** Newer than every source file: nothing to do (a consumer's install reaches here again). */
function upToDate() {
  if (!existsSync(addon)) return false;
  const sources = readdirSync(join(root, 'native', 'src')).map((f) => join(root, 'native', 'src', f));
  const built = statSync(addon).mtimeMs;
  return [...sources, join(root, 'binding.gyp')].every((f) => statSync(f).mtimeMs < built);
}

/** npm tells its scripts where its node-gyp is; otherwise look beside the npm of this Node. */
function nodeGyp() {
  const candidates = [
    process.env.npm_config_node_gyp,
    join(dirname(dirname(process.execPath)), 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
  ];
  return candidates.find((c) => c !== undefined && c !== '' && existsSync(c));
}

if (process.env.TENSILE_SKIP_NATIVE === '1') skip('TENSILE_SKIP_NATIVE=1');
if (!existsSync(join(include, 'oneapi', 'dnnl', 'dnnl.hpp'))) skip(`no oneDNN headers in ${include}`);
for (const tool of ['c++', 'make', 'python3']) if (!found(tool)) skip(`no ${tool}`);
// Debian's Node keeps its headers in /usr/include/node; an official build, beside its bin/.
const nodedir = dirname(dirname(process.execPath));
if (!existsSync(join(nodedir, 'include', 'node', 'node_api.h'))) skip(`no Node headers in ${nodedir}/include/node`);
if (upToDate()) {
  console.log('tensile: native addon up to date');
  process.exit(0);
}
const gyp = nodeGyp();
if (gyp === undefined) skip('node-gyp, which comes with npm, was not found');

console.log('tensile: building the native backend (oneDNN), about a minute...');
const build = spawnSync(process.execPath, [gyp, 'rebuild', `--nodedir=${nodedir}`, '--jobs=max'], {
  cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'],
});
if (build.status !== 0 || !existsSync(addon)) {
  const log = `${build.stdout ?? ''}${build.stderr ?? ''}`.trim().split('\n').slice(-25).join('\n');
  console.log(log);
  skip('the build failed, output above');
}
console.log('tensile: native backend built');
