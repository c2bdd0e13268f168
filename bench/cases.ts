/**
 * The benchmark cases, shared by every framework's runner. Each runner process measures one
 * case at one thread count and prints one JSON line per result (a `Result`).
 */
export const CASES = ['sgemm', 'mlp', 'cnn', 'predict', 'lstm'] as const;
export type CaseName = (typeof CASES)[number];

export const SGEMM_SIZES = [128, 512, 1024, 2048] as const;
export const MLP_BATCH = 128;
export const CNN_BATCH = 64;
export const PREDICT_BATCH = 1024;
/** LSTM(128) - Dense(10) on MNIST-shaped sequences: 28 steps of 28 features. */
export const LSTM_BATCH = 64;
export const LSTM_UNITS = 128;

export interface Result {
  case: CaseName;
  threads: number;
  /** The backend Tensile ran on. */
  backend?: string;
  /** sgemm size */
  n?: number;
  /** predict batch (1 = latency) */
  batch?: number;
  gflops?: number;
  samples_per_s?: number;
  median_us?: number;
  /** Why a peer could not run the case (e.g. TF.js wasm has no convolution gradients). */
  error?: string;
}

/** A readable name for one measured row, e.g. "sgemm 1024" or "predict batch 1 latency". */
export function rowName(r: Result): string {
  if (r.case === 'sgemm') return `sgemm ${r.n}, GFLOP/s`;
  if (r.case === 'predict') return r.batch === 1 ? 'MLP predict 1 sample, median µs' : `MLP predict batch ${r.batch}, samples/s`;
  if (r.case === 'lstm') return `LSTM(${LSTM_UNITS}) train 28x28 batch ${LSTM_BATCH}, samples/s`;
  return r.case === 'mlp' ? `MLP train batch ${MLP_BATCH}, samples/s` : `CNN train batch ${CNN_BATCH}, samples/s`;
}

/** The figure of a row, and whether higher is better. */
export function figure(r: Result): { value: number; unit: string; higherIsBetter: boolean } {
  if (r.gflops !== undefined) return { value: r.gflops, unit: 'GFLOP/s', higherIsBetter: true };
  if (r.median_us !== undefined) return { value: r.median_us, unit: 'µs', higherIsBetter: false };
  return { value: r.samples_per_s!, unit: 'samples/s', higherIsBetter: true };
}
