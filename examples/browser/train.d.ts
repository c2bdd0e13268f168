import type { Backend } from '../../src/backend/backend.js';

export interface TrainOptions {
  steps?: number;
  batch?: number;
  learningRate?: number;
  evalSamples?: number;
}

export function trainMlp(backend: Backend, images: Uint8Array, labels: Uint8Array, options?: TrainOptions): { losses: number[]; accuracy: number };
export function parseIdx(imageBytes: Uint8Array, labelBytes: Uint8Array): { images: Uint8Array; labels: Uint8Array };
