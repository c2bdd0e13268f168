/**
 * Admission by shared secret: the job's store holds a random nonce; a worker proves it knows the
 * secret by joining with HMAC-SHA256(secret, nonce + member id), and the coordinator, when given
 * the secret, removes members whose proof does not verify before they are put in any generation.
 * The secret itself never leaves the processes that hold it. Each generation's rendezvous (where
 * the Gloo group's addresses are exchanged) is under a prefix derived from the secret, so only the
 * processes that hold it can find, or join, a generation's group.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { MemberInfo } from './store/store.js';

export function newNonce(): string {
  return randomBytes(16).toString('hex');
}

export function joinProof(secret: string, nonce: string, member: string): string {
  return createHmac('sha256', secret).update(`${nonce}:${member}`).digest('hex');
}

export function provesSecret(secret: string, nonce: string, member: MemberInfo): boolean {
  if (typeof member.proof !== 'string') return false;
  const expected = Buffer.from(joinProof(secret, nonce, member.id), 'hex');
  const given = Buffer.from(member.proof, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Where generation `generation` of `job` rendezvouses: derived from the secret when the job has one. */
export function rendezvousPrefix(job: string, generation: number, secret: string | undefined): string {
  const base = `tensile/${job}/${generation}`;
  return secret === undefined ? base : `${base}/${createHmac('sha256', secret).update(`rendezvous:${base}`).digest('hex')}`;
}
