import { Agent, request } from 'node:http';

export interface RequestRecord {
  /** When it was sent, ms from the start of the run. */
  sentAt: number;
  latencyMs: number;
  status: number;
}

/**
 * Open-loop load: requests go out at the trace's rate whatever the server does (a slow server
 * is not rewarded with fewer requests, as it would be by a fixed number of clients), over
 * keep-alive connections; every request is recorded, errors as status 0.
 */
export async function replay(url: string, body: string, rateAt: (seconds: number) => number, seconds: number): Promise<RequestRecord[]> {
  const agent = new Agent({ keepAlive: true, maxSockets: 512 });
  const records: RequestRecord[] = [];
  const pending: Promise<void>[] = [];
  const start = performance.now();
  const send = (): Promise<void> => new Promise((resolve) => {
    const sentAt = performance.now() - start;
    const req = request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
      res.resume();
      res.on('end', () => {
        records.push({ sentAt, latencyMs: performance.now() - start - sentAt, status: res.statusCode ?? 0 });
        resolve();
      });
    });
    req.on('error', () => {
      records.push({ sentAt, latencyMs: performance.now() - start - sentAt, status: 0 });
      resolve();
    });
    req.end(body);
  });
  let owed = 0;
  let last = 0;
  while (last < seconds) {
    await new Promise((r) => setTimeout(r, 5));
    const now = (performance.now() - start) / 1000;
    owed += rateAt(now) * (Math.min(now, seconds) - last);
    last = now;
    for (; owed >= 1; owed--) pending.push(send());
  }
  await Promise.all(pending);
  agent.destroy();
  return records;
}

/** The q-quantile (0..1) of `values`. */
export function quantile(values: readonly number[], q: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? NaN;
}
