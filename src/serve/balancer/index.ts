import { Random } from '../../tensor/random.js';
import type { Balancer, BalancerPolicy } from './balancer.js';
import { LeastResponseTimeBalancer } from './leastResponseTime.js';
import { PowerOfTwoBalancer } from './powerOfTwo.js';
import { RoundRobinBalancer } from './roundRobin.js';
import { WeightedBalancer } from './weighted.js';

export type { Balancer, BalancerPolicy, ReplicaLoad } from './balancer.js';
export { BALANCER_POLICIES } from './balancer.js';
export { LeastResponseTimeBalancer, PowerOfTwoBalancer, RoundRobinBalancer, WeightedBalancer };

/** The balancer for a policy name; `weights` (by slot) only matter to `weighted`. */
export function createBalancer(policy: BalancerPolicy, weights: readonly number[] = [], seed = Date.now()): Balancer {
  switch (policy) {
    case 'round-robin':
      return new RoundRobinBalancer();
    case 'weighted':
      return new WeightedBalancer(weights);
    case 'least-response-time':
      return new LeastResponseTimeBalancer();
    case 'power-of-two':
      return new PowerOfTwoBalancer(new Random(seed));
  }
}
