import { TensileError } from '../errors.js';

/**
 * Errors the server answers with an HTTP status of their own. Input that is wrong in shape, dtype
 * or content raises the library's ShapeError / DTypeError / DataError, answered with 400.
 */
export abstract class ServeError extends TensileError {
  abstract readonly status: number;
  /** Seconds a client should wait before trying again (sent as Retry-After). */
  readonly retryAfterSeconds: number | undefined = undefined;
}

/** No model or version of that name is served. */
export class ModelNotFoundError extends ServeError {
  override name = 'ModelNotFoundError';
  readonly status = 404;
}

/** An API key is configured and the request did not carry it. */
export class UnauthorizedError extends ServeError {
  override name = 'UnauthorizedError';
  readonly status = 401;
}

/** The model's queue is full: the client should back off. */
export class OverloadedError extends ServeError {
  override name = 'OverloadedError';
  readonly status = 429;
  constructor(message: string, override readonly retryAfterSeconds: number) {
    super(message);
  }
}

/** No replica can take the request (none ready, or the request's replicas failed). */
export class UnavailableError extends ServeError {
  override name = 'UnavailableError';
  readonly status = 503;
  constructor(message: string, override readonly retryAfterSeconds: number) {
    super(message);
  }
}

/** The request waited longer than the server's request timeout. */
export class InferenceTimeoutError extends ServeError {
  override name = 'InferenceTimeoutError';
  readonly status = 504;
}

/** The model itself failed on a batch (the input had passed every check). */
export class InferenceError extends ServeError {
  override name = 'InferenceError';
  readonly status = 500;
}

/** A replica died or stopped answering while it held a batch; the batch may run on another replica. */
export class ReplicaLostError extends TensileError {
  override name = 'ReplicaLostError';
}

/** A replica could not load a model version (missing, corrupt, or not servable). */
export class ModelLoadError extends TensileError {
  override name = 'ModelLoadError';
}
