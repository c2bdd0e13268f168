import { InferenceTimeoutError } from '../errors.js';

/**
 * A request's deadline as the batcher sees it: when it expires, a request still queued leaves
 * the queue. Lighter than an AbortController (no event target), as it is made per request.
 */
export class Deadline {
  private onExpire: ((reason: Error) => void) | undefined;

  /** Called once if the deadline expires (a later call replaces an earlier one). */
  whenExpired(onExpire: (reason: Error) => void): void {
    this.onExpire = onExpire;
  }

  expire(reason: Error): void {
    const onExpire = this.onExpire;
    this.onExpire = undefined;
    onExpire?.(reason);
  }
}

/**
 * Runs `work` with a Deadline that expires after `ms`; the answer is a 504 then, whether the
 * request was still queued (the batcher drops it) or already running (its result is discarded).
 */
export function withDeadline<T>(ms: number, what: string, work: (deadline: Deadline) => Promise<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const deadline = new Deadline();
    const timer = setTimeout(() => {
      const err = new InferenceTimeoutError(`${what}: no answer within the request timeout of ${ms} ms`);
      deadline.expire(err);
      reject(err);
    }, ms);
    work(deadline).then(
      (value) => (clearTimeout(timer), resolve(value)),
      (err: unknown) => (clearTimeout(timer), reject(err)),
    );
  });
}
