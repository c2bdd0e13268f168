import type { z } from 'zod';
import { DataError } from '../../errors.js';

/**
 * Checks a body against a schema; a mismatch is a DataError listing each problem by its path.
 * The body comes as bytes (the server's body parser keeps them, see http/bodyParsers.ts), as a
 * value already parsed, or undefined when the request had none.
 */
export function parseBody<S extends z.ZodType>(where: string, schema: S, body: unknown): z.infer<S> {
  const result = schema.safeParse(body instanceof Uint8Array ? parseJson(body) : body);
  if (result.success) return result.data;
  const problems = result.error.issues.slice(0, 5).map((i) => `${i.path.length > 0 ? i.path.join('.') : 'body'}: ${i.message}`);
  throw new DataError(`${where}: ${problems.join('; ')}`);
}

function parseJson(bytes: Uint8Array): unknown {
  try {
    return JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('utf8'));
  } catch (err) {
    throw new DataError(`the body is not valid JSON: ${(err as Error).message}`);
  }
}
