/**
 * The young generation V8 gives the server's isolates: the HTTP front's thread when `tensile
 * serve` runs it (cli/serveThread.ts), and every replica process.
 *
 * Why larger than V8's default (16 MB semi-spaces): under load the front holds every request
 * while it waits to be batched, and a replica holds a batch's arrays while it runs. With the
 * default, that traffic kept V8 starting full mark-compacts of the old generation, each freeing
 * little (25-41 every 6 s in the front, 20-29 in each replica; `--trace-gc`, MNIST MLP at 64
 * connections). With 64 MB semi-spaces the front ran none, and served 9,196-9,971 requests/s
 * against 6,279-8,223 with the default in the same session (bench/RESULTS.md). The cost is up
 * to 192 MB of address space per isolate, filled only as fast as requests allocate.
 */
export const YOUNG_GENERATION_MB = 192;

/** The same as a node flag (V8's young generation is three semi-spaces). */
export const YOUNG_GENERATION_FLAG = `--max-semi-space-size=${YOUNG_GENERATION_MB / 3}`;
