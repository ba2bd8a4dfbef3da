// Messages between the page and the training worker. Both directions are discriminated unions,
// so adding a kind makes the compiler point at every switch that must handle it.
// Only plain numbers and typed arrays cross; tensors never leave the worker.

import type { ModelConfig } from '../model/config';
export type { ModelConfig };

export type BackendName = 'webgl' | 'wasm' | 'cpu';
/** What a person may ask for: a backend, or `auto` (the fallback chain webgl → wasm → cpu). */
export const BACKEND_CHOICES = ['auto', 'webgl', 'wasm', 'cpu'] as const;
export type BackendChoice = (typeof BACKEND_CHOICES)[number];

/** What applies live to a running model. */
export interface HyperParams {
  lr: number;
  batch: number;
}

export type ToWorker =
  | { type: 'load'; backend: BackendChoice; baseUrl: string; valSize: number }
  /** Build a fresh model (new run). `gen` tags every later message of this run. */
  | { type: 'configure'; gen: number; model: ModelConfig; hyper: HyperParams }
  | { type: 'hyper'; hyper: HyperParams }
  | { type: 'run' }
  | { type: 'pause' }
  | { type: 'step' }
  /** Asks for tf.memory() (the benchmark and diagnostics use it). */
  | { type: 'probeMemory'; id: number };

export interface DisplayDigits {
  /** [count, 784], values in [0,1]. */
  pixels: Float32Array;
  labels: number[];
}

/** The periodic look inside the model, on a fixed set of test digits. */
export interface Analysis {
  gen: number;
  latent: number;
  /** 2-D view of the codes, [n, 2]: raw at latent ≤ 2, else their top-2 principal axes. */
  points: Float32Array;
  /** The projection, so other codes (a drawing's) land in the same plane. mean [k], axes [2, k]. */
  mean: Float32Array;
  axes: Float32Array;
  /** Mean fraction of near-zero code units (see CodeStats), when the model reports it. */
  nearZero: number | null;
  /** Test MSE per digit class 0..9 on these digits. */
  classMse: number[];
  /** The worst reconstructions: test indices, their MSE, originals and reconstructions [n, 784]. */
  worst: { indices: number[]; mse: number[]; originals: Float32Array; recons: Float32Array };
  /** Latent size 2 only: decoded digits on a size×size grid spanning the codes' range. */
  manifold?: { size: number; x: [number, number]; y: [number, number]; images: Float32Array };
}

export interface TrainStats {
  gen: number;
  step: number;
  epoch: number;
  examples: number;
  /** Mean training loss over the steps since the last report. */
  loss: number;
  /** Mean of each named part of the loss (VAE: reconstruction, kl), when the model has parts. */
  parts: Record<string, number>;
  examplesPerSecond: number;
}

export type FromWorker =
  | { type: 'progress'; loaded: number; total: number }
  | {
      type: 'dataReady';
      decodeMs: number;
      display: DisplayDigits;
      /** Labels of the test digits the analysis (scatter, diagnostics) uses, in order. */
      analysisLabels: Uint8Array;
    }
  | {
      type: 'backend';
      backend: BackendName;
      /** Why the backend differs from the one asked for (absent when it does not). */
      notice?: string;
      renderer?: string;
      wasmThreads?: number;
    }
  | { type: 'modelReady'; gen: number; model: ModelConfig; params: number; lossName: string }
  | ({ type: 'stats' } & TrainStats)
  | { type: 'val'; gen: number; examples: number; valLoss: number }
  /** Reconstructions of the display digits, [count, 784]. */
  | { type: 'recon'; gen: number; step: number; pixels: Float32Array; noisy?: Float32Array }
  | { type: 'running'; running: boolean }
  /** Training stopped by itself (for example a NaN loss). */
  | { type: 'halted'; gen: number; message: string }
  | { type: 'pcaProgress'; fraction: number }
  /** PCA of the training digits: test MSE (clipped to [0,1]) for k = 1..64 at index k−1. */
  | { type: 'pca'; mseByK: Float64Array; ms: number }
  | ({ type: 'analysis' } & Analysis)
  /** The current weights, in the order of the model's `variables`. */
  | { type: 'weights'; gen: number; model: ModelConfig; values: Float32Array[] }
  | { type: 'memory'; id: number; numTensors: number; numBytes: number; numBytesInGPU?: number }
  | { type: 'error'; scope: 'data' | 'backend' | 'train' | 'pca'; message: string };

/** How often the worker reports. One named place for the rates the UI depends on. */
export const REPORT = {
  /** Minimum milliseconds between loss reports (the chart redraws at most twice a second). */
  statsMs: 200,
  /** Milliseconds between reconstruction refreshes (and weight snapshots for drawing). */
  reconMs: 400,
  /** …and at least this many times their own cost (a slow backend keeps ~95% for training). */
  reconCostFactor: 20,
  /** Validation runs every this fraction of an epoch (or every few, see valShare). */
  valEpochFraction: 0.1,
  /** …or after this many milliseconds of training, whichever comes first (slow machines). */
  valMaxMs: 4000,
  /** …but takes at most about this share of the worker's time (a measurement, not training). */
  valShare: 0.05,
  /** Milliseconds between looks inside the model (scatter, manifold, diagnostics). */
  analysisMs: 2000,
  /** …and at least this many times their own cost, so they take at most ~5% of the time. */
  analysisCostFactor: 20,
  /** Test digits used for that look. */
  analysisCount: 2000,
  /** Manifold grid side at latent size 2. */
  manifoldSize: 15,
  /** Target wall time of one burst of training steps before the worker yields. */
  burstMs: 25,
} as const;

/** To the inference worker, which answers drawings from a weight snapshot on the cpu backend. */
export type ToInference =
  | { type: 'weights'; gen: number; model: ModelConfig; values: Float32Array[] }
  /** Decode codes [count, k] into digits. */
  | { type: 'decode'; id: number; codes: Float32Array; count: number }
  /** Encode two digits, walk the straight line between their codes, decode `steps` points. */
  | { type: 'interpolate'; id: number; a: Float32Array; b: Float32Array; steps: number }
  /** Decode `count` codes drawn from N(0, I): new digits from a generative model. */
  | { type: 'sample'; id: number; count: number; seed: number }
  /** Reconstruct a 28x28 drawing (already preprocessed, values in [0,1]). */
  | { type: 'encodeDrawing'; id: number; pixels: Float32Array };

export type FromInference =
  | { type: 'drawingResult'; id: number; gen: number; recon: Float32Array; code: Float32Array }
  | { type: 'decoded'; id: number; gen: number; images: Float32Array }
  | { type: 'interpolated'; id: number; gen: number; images: Float32Array }
  | { type: 'sampled'; id: number; gen: number; images: Float32Array }
  | { type: 'error'; message: string };

/** To the PCA worker: copies of the training and test pixels, [count, 784] bytes each. */
export type ToPca = {
  type: 'fit';
  train: Uint8Array;
  trainCount: number;
  test: Uint8Array;
  testCount: number;
  maxK: number;
};

export type FromPca =
  | { type: 'progress'; fraction: number }
  | { type: 'done'; mseByK: Float64Array; ms: number }
  | { type: 'failed'; message: string };

/**
 * Everything a run needs to continue exactly where it was: the weights, Adam's state and the
 * counters. The page keeps the latest one (autosave) and hands it back to a new worker.
 */
export interface TrainerSnapshot {
  model: ModelConfig;
  hyper: HyperParams;
  step: number;
  examples: number;
  /** The model's variables, in the order of its `variables`. */
  weights: Float32Array[];
  /** Adam's moment estimates (the weights' order and sizes) and its update count. */
  optimizer: { t: number; m: Float32Array[]; v: Float32Array[] } | null;
}
