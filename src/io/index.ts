/** `tl.io`: saving and loading models in the TF.js layers format. */
export { loadLayersModel } from './tfjs/load.js';
export { modelFromTopology } from './tfjs/modelFromTopology.js';
export type { SaveOptions } from './tfjs/save.js';
