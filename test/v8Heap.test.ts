import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { INITIAL_OLD_GENERATION_MB, withInitialOldGeneration } from '../src/v8Heap.js';

describe('v8Heap', () => {
  it('adds the initial old generation to a child\'s node flags, and keeps one given already', () => {
    const flag = `--initial-old-space-size=${INITIAL_OLD_GENERATION_MB}`;
    assert.deepEqual(withInitialOldGeneration(['--import', 'tsx']), ['--import', 'tsx', flag]);
    assert.deepEqual(withInitialOldGeneration(['--initial-old-space-size=512']), ['--initial-old-space-size=512']);
  });

  it('names a flag node accepts (a misspelt one stops node with "bad option")', () => {
    const run = spawnSync(process.execPath, [...withInitialOldGeneration([]), '-e', 'process.stdout.write("ran")'], { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stdout, 'ran');
  });
});
