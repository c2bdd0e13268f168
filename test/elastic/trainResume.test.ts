/**
 * The embedded elastic job as a process: `tensile train --workers 2` with checkpoints, killed with
 * SIGKILL mid-training, then `tensile train --resume`: it continues at the latest checkpoint's
 * step (the data position and shuffling follow from it and the seed) and ends with the weights of
 * an uninterrupted run; every epoch after it visits every sample once.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { after, it } from 'node:test';
import type { Report } from './workerJob.js';
import { assertTrained, assertWeights, bin, localWeights, trainingOptions } from './workerJob.js';

const dir = mkdtempSync(join(tmpdir(), 'tensile-resume-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const plan = await trainingOptions(dir, 8);
const checkpoints = join(dir, 'checkpoints');
const elastic = [...plan.args, '--workers', '2', '--checkpoint-dir', checkpoints, '--checkpoint-every', '5', '--json', '--out', join(dir, 'elastic')];
const events = (file: string): Report[] => readFileSync(file, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as Report);

it('tensile train --workers 2 SIGKILLed mid-training, then --resume: it continues at the checkpoint\'s step with the uninterrupted run\'s weights', async (t) => {
  const first = spawn(process.execPath, ['--import', 'tsx', bin, 'train', ...elastic, '--events', join(dir, 'first.jsonl')], { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = once(first, 'exit');
  // Killed during the third epoch.
  let epochs = 0;
  for await (const line of createInterface({ input: first.stdout! })) {
    if ((JSON.parse(line) as { event: string }).event === 'epoch' && ++epochs === 2) break;
  }
  const killedAt = Math.max(...events(join(dir, 'first.jsonl')).filter((r) => r.type === 'step').map((r) => r.step!));
  first.kill('SIGKILL');
  await exited;
  const latest = JSON.parse(readFileSync(join(checkpoints, 'latest.json'), 'utf8')) as { step: number };
  t.diagnostic(`killed after step ${killedAt}; the latest checkpoint is at step ${latest.step}`);
  assert.ok(latest.step >= 15 && latest.step < plan.epochs * 15, `latest checkpoint at step ${latest.step}`);

  const second = spawn(process.execPath, ['--import', 'tsx', bin, 'train', ...elastic, '--resume', '--events', join(dir, 'second.jsonl')], { stdio: ['ignore', 'ignore', 'inherit'] });
  const [code] = await once(second, 'exit');
  assert.equal(code, 0);
  const resumed = events(join(dir, 'second.jsonl'));
  assert.equal(Math.min(...resumed.filter((r) => r.type === 'step').map((r) => r.step!)), latest.step, 'the first step trained is the checkpoint\'s');
  assertTrained(resumed, plan, latest.step);
  const diff = await assertWeights(join(dir, 'elastic'), await localWeights(plan.args, join(dir, 'local')));
  t.diagnostic(`largest weight difference from the uninterrupted run: ${diff}`);
});
