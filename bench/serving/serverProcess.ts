/**
 * A server for the serving benchmarks, in a process of its own so the load generator does not
 * share its event loop: `tl.serve.start(JSON options from argv[2])`, prints `{"url": ...}`,
 * closes when its stdin ends.
 */
import * as tl from '../../src/index.js';
import type { ServeOptions } from '../../src/serve/index.js';

const options = JSON.parse(process.argv[2]!) as ServeOptions;
const server = await tl.serve.start({ ...options, log: (line) => process.stderr.write(`${line}\n`) });
process.stdout.write(`${JSON.stringify({ url: server.url })}\n`);
process.stdin.resume();
process.stdin.on('end', () => void server.close().then(() => process.exit(0)));
