/**
 * The young generation V8 gives the thread `tensile serve` runs its server in
 * (cli/serveThread.ts), in MB.
 *
 * Why larger than V8's default (16 MB semi-spaces): under load the server holds every request
 * while it waits to be batched and answered, and with the default that traffic kept V8 running
 * full mark-compacts of a small old generation, each freeing little. Measured with the MNIST MLP
 * at 64 connections, three interleaved pairs of 6 s runs (bench/RESULTS.md): 35-44 mark-compacts
 * and 7,712-8,535 requests/s (p99 25-26 ms) with the default, 3-9 and 8,926-10,064 (p99 15-19 ms)
 * with this. The replicas gained nothing measurable from either size, so they keep V8's default.
 * A process-wide `node --max-semi-space-size=64` does the same for `tl.serve.start` in a program.
 */
export const YOUNG_GENERATION_MB = 192;
