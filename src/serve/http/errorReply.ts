import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { ArgumentError, DTypeError, DataError, ShapeError } from '../../errors.js';
import { ServeError, UnauthorizedError } from '../errors.js';

/** The HTTP status an error is answered with: its own, 400 for bad input, fastify's 4xx, else 500. */
export function statusOf(err: unknown): number {
  if (err instanceof ServeError) return err.status;
  if (err instanceof ShapeError || err instanceof DTypeError || err instanceof DataError || err instanceof ArgumentError) return 400;
  const code = (err as Partial<FastifyError>).statusCode;
  return typeof code === 'number' && code >= 400 && code < 500 ? code : 500;
}

/** Every error becomes `{"error": message}` with its status; back-off errors add Retry-After. */
export function errorReply(log: (line: string) => void) {
  return (err: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply => {
    const status = statusOf(err);
    if (err instanceof ServeError && err.retryAfterSeconds !== undefined) reply.header('Retry-After', String(err.retryAfterSeconds));
    if (err instanceof UnauthorizedError) reply.header('WWW-Authenticate', 'Bearer');
    if (status >= 500 && !(err instanceof ServeError)) log(`${request.method} ${request.url}: ${err.stack ?? err.message}`);
    return reply.code(status).type('application/json').send({ error: err.message });
  };
}
