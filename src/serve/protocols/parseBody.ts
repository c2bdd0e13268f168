import type { z } from 'zod';
import { DataError } from '../../errors.js';

/** Checks a parsed body against a schema; a mismatch is a DataError listing each problem by its path. */
export function parseBody<S extends z.ZodType>(where: string, schema: S, body: unknown): z.infer<S> {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const problems = result.error.issues.slice(0, 5).map((i) => `${i.path.length > 0 ? i.path.join('.') : 'body'}: ${i.message}`);
  throw new DataError(`${where}: ${problems.join('; ')}`);
}
