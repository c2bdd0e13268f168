import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * PyTorch through Debian's python3-torch, in the system Python (`TORCH_PYTHON` overrides the
 * interpreter; the first `python3` on PATH may be another one without torch).
 */
export const PYTHON = process.env['TORCH_PYTHON'] ?? '/usr/bin/python3';
const SCRIPT = fileURLToPath(new URL('./torch_bench.py', import.meta.url));

/** Why torch cannot run here, or undefined if it can. */
export function torchUnavailable(): string | undefined {
  const probe = spawnSync(PYTHON, ['-c', 'import torch'], { encoding: 'utf8' });
  if (probe.status === 0) return undefined;
  return `PyTorch skipped: \`${PYTHON} -c "import torch"\` failed (apt-get install python3-torch libopenblas0-pthread)`;
}

/**
 * The environment of a torch process using `threads` threads. OpenMP threads wait passively and both OpenMP and OpenBLAS get
 * the thread count explicitly (torch.set_num_threads does not reach Debian's OpenBLAS). The
 * OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE some machines set would slow OpenBLAS on AVX-512: they
 * are removed for the torch process only.
 */
export function torchEnv(threads: number): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, OMP_WAIT_POLICY: 'passive', OMP_NUM_THREADS: String(threads), OPENBLAS_NUM_THREADS: String(threads) };
  delete env['OPENBLAS_CORETYPE'];
  delete env['OPENBLAS_L2_SIZE'];
  return env;
}

/** The command for one run of torch_bench.py. */
export function torchCommand(caseName: string, threads: number, seconds: number): { command: string; args: string[]; env: NodeJS.ProcessEnv } {
  return { command: PYTHON, args: [SCRIPT, caseName, String(threads), String(seconds)], env: torchEnv(threads) };
}
