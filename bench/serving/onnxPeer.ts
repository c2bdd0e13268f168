import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PYTHON, torchUnavailable } from '../peers/torch.js';

const EXPORT_SCRIPT = fileURLToPath(new URL('./exportOnnx.py', import.meta.url));

/**
 * The saved Tensile model at `modelDir` exported to `<outDir>/model.onnx` through PyTorch (same
 * architecture, same weights), for the onnxruntime-node peer. Resolves with the ONNX path, or
 * with a note saying why the peer cannot run here.
 */
export async function exportOnnxPeer(modelDir: string, outDir: string): Promise<{ onnx: string } | { skipped: string }> {
  try {
    await import('onnxruntime-node');
  } catch (err) {
    return { skipped: `onnxruntime-node skipped: it does not load (${(err as Error).message.split('\n')[0]}); npm ci installs it` };
  }
  const noTorch = torchUnavailable();
  if (noTorch !== undefined) return { skipped: `onnxruntime-node skipped (no model to give it): ${noTorch}` };
  const onnx = join(outDir, 'model.onnx');
  const run = spawnSync(PYTHON, [EXPORT_SCRIPT, modelDir, onnx], { encoding: 'utf8', env: { ...process.env, OMP_NUM_THREADS: '1' } });
  if (run.status !== 0) return { skipped: `onnxruntime-node skipped: the ONNX export failed: ${run.stderr.trim().split('\n').at(-1)}` };
  return { onnx };
}
