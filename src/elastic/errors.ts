import { TensileError } from '../errors.js';

/** Something in elastic training went wrong: membership, coordination, a collective. */
export class ElasticError extends TensileError {
  override name = 'ElasticError';
}

/** Why a collective call failed. */
export type CollectiveFailure =
  /** The group was abandoned because its generation was superseded (a member died or left). */
  | 'aborted'
  /** Some members did not arrive within the timeout; `missingRanks` names them. */
  | 'timeout'
  /** A peer's connection closed or reset (multi-process transports). */
  | 'peer-lost'
  /** The group was used after `close`. */
  | 'closed';

/**
 * A collective (allreduce, broadcast) did not complete. The data passed to it is unspecified
 * afterwards: a caller throws the step's work away and regroups in the next generation.
 */
export class CollectiveError extends ElasticError {
  override name = 'CollectiveError';

  constructor(message: string, readonly failure: CollectiveFailure, readonly missingRanks: readonly number[] = []) {
    super(message);
  }
}

/** The coordinator store refused or failed a request (a lost lease, a bad join, an unreachable store). */
export class CoordinationError extends ElasticError {
  override name = 'CoordinationError';
}
