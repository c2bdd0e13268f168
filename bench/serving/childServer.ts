import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

/** Runs a benchmark server script in its own process; resolves with its URL and a stop function (stdin closed). */
export async function childServer(script: string, args: string[] = []): Promise<{ url: string; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL(script, import.meta.url)), ...args], { stdio: ['pipe', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
  });
  const { url } = JSON.parse(line) as { url: string };
  return { url, stop: () => new Promise((resolve) => (child.once('exit', () => resolve()), child.stdin.end())) };
}
