/**
 * A private redis-server for tests (Debian package `redis-server`): on a free loopback port,
 * nothing saved to disk, stopped by its PID.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createConnection, createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

export interface RedisServer {
  url: string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

/** Whether something accepts connections on `port` yet. */
function accepting(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host: '127.0.0.1' });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

/** Starts one; with `password`, clients must authenticate (`redis://:PASSWORD@...`). */
export async function startRedis(password?: string): Promise<RedisServer> {
  const port = await freePort();
  const auth = password === undefined ? [] : ['--requirepass', password];
  const server: ChildProcess = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', ...auth], { stdio: 'ignore' });
  const failed = once(server, 'error').then(([err]) => { throw new Error(`redis-server did not start (apt-get install redis-server): ${(err as Error).message}`); });
  for (let i = 0; !(await Promise.race([accepting(port), failed])); i++) {
    if (i === 100) throw new Error(`redis-server did not accept connections on port ${port} within 5 s`);
    await sleep(50);
  }
  return {
    url: `redis://${password === undefined ? '' : `:${password}@`}127.0.0.1:${port}`,
    stop: async () => {
      if (server.exitCode !== null) return;
      server.kill('SIGTERM');
      await once(server, 'exit');
    },
  };
}
