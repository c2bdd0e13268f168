import type { FastifyInstance, FastifyRequest } from 'fastify';

type Done = (err: Error | null, body?: unknown) => void;

/**
 * Every body is handed to the routes as its bytes, whatever its content type (TF Serving takes
 * `curl -d` as it comes): an inference route reads the tensor numbers straight from them
 * (json/tensorBodyScanner.ts) and parses the rest as JSON (protocols/parseBody.ts), or splits a
 * v2 binary-extension body. Nothing parsed is merged anywhere: the handlers copy what they read
 * into typed arrays and fresh objects.
 */
function keepBytes(_request: FastifyRequest, body: Buffer, done: Done): void {
  done(null, body);
}

export function registerBodyParsers(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, keepBytes);
  app.addContentTypeParser('*', { parseAs: 'buffer' }, keepBytes);
}
