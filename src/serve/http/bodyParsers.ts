import type { FastifyInstance } from 'fastify';
import { DataError } from '../../errors.js';
import { HEADER_LENGTH } from '../protocols/kserveBinary.js';

/**
 * Bodies: JSON is parsed with JSON.parse (the handlers copy what they read into typed arrays
 * and fresh objects, so no parsed object is merged anywhere); a body carrying the v2 binary
 * extension header, or of any other content type, is handed over as bytes for the route to judge.
 */
export function registerBodyParsers(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body: Buffer, done) => {
    if (request.headers[HEADER_LENGTH] !== undefined) return done(null, body);
    try {
      done(null, JSON.parse(body.toString('utf8')));
    } catch (err) {
      done(new DataError(`the body is not valid JSON: ${(err as Error).message}`), undefined);
    }
  });
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body: Buffer, done) => done(null, body));
}
