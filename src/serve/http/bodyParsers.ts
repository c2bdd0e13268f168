import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DataError } from '../../errors.js';
import { HEADER_LENGTH } from '../protocols/kserveBinary.js';

type Done = (err: Error | null, body?: unknown) => void;

/**
 * Every body is JSON, whatever its content type (TF Serving takes `curl -d` as it comes), except
 * one carrying the v2 binary extension header, which is handed over as bytes for the route to
 * split. JSON.parse is enough: the handlers copy what they read into typed arrays and fresh
 * objects, so no parsed object is merged anywhere.
 */
function parseBody(request: FastifyRequest, body: Buffer, done: Done): void {
  if (request.headers[HEADER_LENGTH] !== undefined) return done(null, body);
  try {
    done(null, JSON.parse(body.toString('utf8')));
  } catch (err) {
    done(new DataError(`the body is not valid JSON: ${(err as Error).message}`));
  }
}

export function registerBodyParsers(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, parseBody);
  app.addContentTypeParser('*', { parseAs: 'buffer' }, parseBody);
}
