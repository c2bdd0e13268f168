/** Weight regularizers: `tl.regularizers.l2({l2: 1e-4})`, or by name in layer arguments. */
export { L1L2, l1, l2, l1l2 } from './l1l2.js';
export type { L1L2Args } from './l1l2.js';
export { regularizerFromConfig } from './registry.js';
export type { RegularizerIdentifier } from './registry.js';
