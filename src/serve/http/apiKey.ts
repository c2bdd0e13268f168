import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { UnauthorizedError } from '../errors.js';

const digest = (s: string): Buffer => createHash('sha256').update(s).digest();

/**
 * With an API key configured, every request but the health probes must carry
 * `Authorization: Bearer <key>`. Keys are compared by digest in constant time.
 */
export function requireApiKey(app: FastifyInstance, key: string): void {
  const expected = digest(key);
  app.addHook('onRequest', async (request) => {
    if (request.url.startsWith('/v2/health/')) return;
    const header = request.headers.authorization;
    const given = header?.startsWith('Bearer ') === true ? header.slice('Bearer '.length).trim() : undefined;
    if (given === undefined || !timingSafeEqual(digest(given), expected)) {
      throw new UnauthorizedError(given === undefined ? 'this server needs an API key: send Authorization: Bearer <key>' : 'the API key is not valid');
    }
  });
}
