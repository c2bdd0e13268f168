import { createHash } from 'node:crypto';

/** SHA-256 of `data` as lowercase hex: what model.json records under `tensile.sha256`. */
export function sha256(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}
