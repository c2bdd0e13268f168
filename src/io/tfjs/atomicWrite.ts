import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * The file operations a save needs. Saves take them as a parameter so that tests can make any
 * one of them fail (or "crash": fail it and everything after it) and check what is left on disk.
 */
export interface Files {
  /** Creates a directory and its parents; an existing one is fine. */
  mkdir(dir: string): Promise<void>;
  /** Writes a new file and flushes it to the disk before returning. */
  writeDurable(path: string, data: Uint8Array | string): Promise<void>;
  /** Replaces `to` by `from` in one step (POSIX rename). */
  rename(from: string, to: string): Promise<void>;
  unlink(path: string): Promise<void>;
  /** Flushes a directory's entries, so a rename in it survives a power cut. */
  syncDir(dir: string): Promise<void>;
}

export const nodeFiles: Files = {
  async mkdir(dir) {
    await mkdir(dir, { recursive: true });
  },
  async writeDurable(path, data) {
    const file = await open(path, 'wx');
    try {
      await file.writeFile(data);
      await file.sync();
    } finally {
      await file.close();
    }
  },
  rename,
  unlink,
  async syncDir(dir) {
    let handle;
    try {
      handle = await open(dir, 'r');
    } catch (err) {
      // Windows cannot open a directory; there, renames are as durable as the OS makes them.
      if ((err as NodeJS.ErrnoException).code === 'EISDIR' || (err as NodeJS.ErrnoException).code === 'EPERM') return;
      throw err;
    }
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  },
};

/** A name for temporary files that no other save (this process or another) uses at the same time. */
export function uniqueSuffix(): string {
  return `${process.pid}-${randomBytes(4).toString('hex')}`;
}

/**
 * Replaces `path` with `data` atomically: written to a temporary sibling, flushed, renamed over
 * `path`. Readers see the old content or the new, never a part; a failure leaves the old.
 */
export async function replaceFile(files: Files, path: string, data: Uint8Array | string): Promise<void> {
  const temp = `${path}.${uniqueSuffix()}.tmp`;
  try {
    await files.writeDurable(temp, data);
    await files.rename(temp, path);
  } catch (err) {
    await files.unlink(temp).catch(() => undefined);
    throw err;
  }
  await files.syncDir(dirname(path));
}
