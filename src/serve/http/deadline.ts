import { InferenceTimeoutError } from '../errors.js';

/**
 * Runs `work` with an AbortSignal that fires after `ms`; the answer is a 504 then, whether the
 * request was still queued (the batcher drops it) or already running (its result is discarded).
 */
export async function withDeadline<T>(ms: number, what: string, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const err = new InferenceTimeoutError(`${what}: no answer within the request timeout of ${ms} ms`);
      controller.abort(err);
      reject(err);
    }, ms);
  });
  try {
    return await Promise.race([work(controller.signal), expired]);
  } finally {
    clearTimeout(timer);
  }
}
