// Messages between the page and the training worker. Both directions are discriminated unions,
// so adding a kind makes the compiler point at every switch that must handle it.
// Only plain numbers and typed arrays cross; tensors never leave the worker.

import type { DatasetId } from '../data/datasets';
import type { ModelConfig } from '../model/config';
import type { LayerTrace } from '../model/forward';
import type { RunLossPoint, RunMetadata } from '../model/runMetadata';
import type { ImageFit } from '../data/images';
import type { OwnDataSummary } from '../persist/dataDb';
export type { LayerTrace, ModelConfig, RunLossPoint, RunMetadata };

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
  /** Load a dataset's sprite from `baseUrl` (its folder, see src/data/datasets.ts). */
  | {
      type: 'load';
      backend: BackendChoice;
      dataset: DatasetId;
      baseUrl: string;
      valSize: number;
    }
  /**
   * Build a model (a new run). `gen` tags every later message of this run. With `restore`, the
   * run continues from that snapshot (weights, Adam's state, counters; for an exact continuation
   * send the snapshot's own hyper) and its numbers are reported before any new step; a snapshot
   * that does not fit the model is answered with an error of scope 'restore' and a fresh model.
   */
  | {
      type: 'configure';
      gen: number;
      model: ModelConfig;
      hyper: HyperParams;
      restore?: TrainerSnapshot;
    }
  | { type: 'hyper'; hyper: HyperParams }
  | { type: 'run' }
  | { type: 'pause' }
  | { type: 'step' }
  /**
   * A hand is on the drawing pad or a traversal slider (true) or has left it (false): training
   * then rests between its bursts, so the answers a person waits for get the CPU first.
   */
  | { type: 'hand'; busy: boolean }
  /** Asks for tf.memory() (the benchmark and diagnostics use it). */
  | { type: 'probeMemory'; id: number }
  /**
   * Asks for a snapshot of the run (answered between bursts, also while training). With `save`,
   * the worker also writes the saved run to IndexedDB (src/persist/runDb.ts): `save.fields` is
   * the rest of the record (src/persist/savedRun.ts), stored with the snapshot as `snapshot`;
   * the write's outcome follows as `saved` with `save.id`.
   */
  | { type: 'snapshot'; id: number; save?: { id: number; fields: Record<string, unknown> } }
  /**
   * Asks for the current model as the two files of a TensorFlow.js Layers model; `history` is
   * the loss curve the page shows, saved with the run.
   */
  | { type: 'exportModel'; id: number; history: RunLossPoint[] }
  /** Files a person chose (model.json and its weights) to read into a snapshot. */
  | { type: 'importModel'; id: number; files: { name: string; bytes: Uint8Array }[] }
  /**
   * One real training step on the next batch, explained (see StepExplanation); only while
   * paused. Answered by `explained`, or `explainFailed`.
   */
  | { type: 'explainStep'; id: number };

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
  /**
   * Copy or understand: the MSE on these test digits, and on inputs unlike any digit (uniform
   * noise, digits inverted, digits shifted 4 px right; src/model/probes.ts).
   */
  copyTest: { digits: number; noise: number; inverted: number; shifted: number };
  /** The worst reconstructions: test indices, their MSE, originals and reconstructions [n, 784]. */
  worst: { indices: number[]; mse: number[]; originals: Float32Array; recons: Float32Array };
  /** Per code unit, its mean and standard deviation over these digits' codes. */
  codeMean: Float32Array;
  codeStd: Float32Array;
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

/** One layer of the model in an explained step: L2 norms over its kernel and bias together. */
export interface LayerStep {
  /** The layer's name in the exported model (src/model/layersPlan.ts), e.g. `encoder_1`. */
  name: string;
  /** ‖∂loss/∂W‖ on this batch. */
  grad: number;
  /** ‖W‖ before the update. */
  weight: number;
  /** ‖ΔW‖: the weights after the update minus before. */
  update: number;
}

/**
 * One training step taken apart: what went in, what came out and what changed. Everything but
 * `layers` and the counters is computed before the update, with the weights the step started
 * from.
 */
export interface StepExplanation {
  /** The run's step count after this step, and the examples in its batch. */
  step: number;
  batch: number;
  /** Digits of the batch shown (its first ones), and the code size. */
  shown: number;
  latent: number;
  /** [shown, 784] what the model encoded: the batch's digits, or the denoiser's corrupted copies. */
  inputs: Float32Array;
  /** [shown, 784] the clean digits, when the inputs are corrupted copies of them (denoising). */
  clean?: Float32Array;
  /** [shown, latent] the codes (the posterior mean for the variational model). */
  codes: Float32Array;
  /** [shown, 784] the decoded codes, in [0,1]. */
  recons: Float32Array;
  /** The batch's loss and its named parts (see StepLoss.parts). */
  loss: number;
  parts: Record<string, number>;
  /** Per layer, in the order of the exported model's weights. */
  layers: LayerStep[];
}

/** Why the worker could not save the run (src/persist/runDb.ts's PersistError, as data). */
export interface SaveFailure {
  kind: 'unavailable' | 'full' | 'failed';
  message: string;
}

export type FromWorker =
  | { type: 'progress'; loaded: number; total: number }
  | {
      type: 'dataReady';
      decodeMs: number;
      display: DisplayDigits;
      /** Labels of the test digits the analysis (scatter, diagnostics) uses, in order. */
      analysisLabels: Uint8Array;
      /** The number of classes (labels 0 … classCount − 1): 10 for MNIST. */
      classCount: number;
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
  /** tf.memory(); `inFlight`: of numTensors, those held by reads under way (see Trainer). */
  | {
      type: 'memory';
      id: number;
      numTensors: number;
      numBytes: number;
      numBytesInGPU?: number;
      inFlight?: number;
    }
  /** Every second from `load` on, so the page can tell a closed or hung worker from a busy one. */
  | { type: 'heartbeat' }
  /** The answer to `snapshot`: copies (their buffers transferred); null before any model. */
  | { type: 'snapshot'; id: number; gen: number; snapshot: TrainerSnapshot | null }
  /**
   * The outcome of a `snapshot` with `save` (`id` is `save.id`), once the write has committed:
   * `error` null when the run is saved (or there was no model to save), else why it was not.
   */
  | { type: 'saved'; id: number; error: SaveFailure | null }
  /**
   * The answer to `exportModel`: `json` is model.json's text and `weights` model.weights.bin's
   * bytes, exactly what tf.io.browserDownloads writes; `name` the file name stem ('model').
   */
  | { type: 'modelFile'; id: number; json: string; weights: ArrayBuffer; name: string }
  /** `exportModel` could not be answered (no model yet, or weights that are not numbers). */
  | { type: 'exportFailed'; id: number; message: string }
  /** The answer to `explainStep`: the step was taken (the stats and reconstructions before it). */
  | ({ type: 'explained'; id: number; gen: number } & StepExplanation)
  /** `explainStep` could not be answered (no model, training running, a lost device): why. */
  | { type: 'explainFailed'; id: number; message: string }
  /** `importModel` failed; the message is for the person who chose the files. Nothing changed. */
  | { type: 'importFailed'; id: number; message: string }
  /**
   * `importModel` read a model: its config, a snapshot to send back as `configure`'s `restore`
   * (no optimizer state: a file has none, so Adam starts afresh) and the run it was saved with.
   */
  | {
      type: 'imported';
      id: number;
      model: ModelConfig;
      snapshot: TrainerSnapshot;
      metadata: RunMetadata;
    }
  /**
   * The backend's device was lost (a lost WebGL context) and the run was rebuilt from the
   * worker's last checkpoint (at most about a second old) at `step`; on `backend`, which differs
   * from the one before when it `fellBack` (repeated losses); a `backend` message comes just
   * before it then.
   */
  | {
      type: 'recovered';
      gen: number;
      step: number;
      backend: BackendName;
      cause: 'context-lost';
      fellBack: boolean;
    }
  /**
   * `model`: the model could not be built or trained on this device (out of memory); nothing of
   * it is left, so the page should go back to the last config that worked. `restore`: the
   * snapshot did not fit the model; a fresh model was built instead.
   */
  | {
      type: 'error';
      scope: 'data' | 'backend' | 'train' | 'pca' | 'model' | 'restore';
      message: string;
    };

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
  | { type: 'encodeDrawing'; id: number; pixels: Float32Array }
  /** Look inside the model at the digit in focus (see Inspection and InspectRequest). */
  | ({ type: 'inspect'; id: number } & InspectRequest)
  /** Decode one edited code (the latent traversal's sliders). */
  | { type: 'traverse'; id: number; code: Float32Array };

/** What the views inside the model ask about the digit in focus. */
export interface InspectRequest {
  /** [784] the digit in focus, in [0,1]. */
  pixels: Float32Array;
  /** A unit of the first encoder layer to show the incoming weights of (hovered or focused). */
  unit: number | null;
  /** The code units whose contribution (and, for the VAE, traversal row) to decode. */
  units: number[];
  /** Per code unit, its mean and standard deviation on the test codes (from the analysis). */
  stats: { mean: Float32Array; std: Float32Array } | null;
}

/** The model opened up at the digit in focus, from the inference worker's weight snapshot. */
export interface Inspection {
  model: ModelConfig;
  /**
   * The layers worth drawing, in order (input, encoder, code, decoder, reconstruction; for the VAE
   * the log-variance head last), each with its output for the digit.
   */
  layers: LayerTrace[];
  /** Variational model: a sample z = μ + σ·ε of the code, with a fixed ε. */
  sample: Float32Array | null;
  /**
   * The first encoder layer's weights: dense, the incoming weights of units 0…count−1 as
   * side×side images (side 28); convolutional, its count filters (side 3).
   */
  features: { count: number; side: number; weights: Float32Array };
  /** The unit asked for: its incoming weights (side×side) and its activation for the digit. */
  unit: { index: number; side: number; weights: Float32Array; activation: number } | null;
  /** For the units asked: decoding(mean + σ_j e_j) − decoding(mean), [units, 784]. */
  contributions: { units: number[]; images: Float32Array } | null;
  /** Variational model: per unit asked, decodings with it at −3σ … +3σ, [units · steps, 784]. */
  traversalRows: { units: number[]; steps: number; images: Float32Array } | null;
}

export type FromInference =
  | { type: 'drawingResult'; id: number; gen: number; recon: Float32Array; code: Float32Array }
  /** `ms`: the time the worker spent on it, all its slices together. */
  | ({ type: 'inspected'; id: number; gen: number; ms: number } & Inspection)
  | { type: 'traversed'; id: number; gen: number; image: Float32Array }
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
  /**
   * Where the data order stands: the training digits' seeded permutation has been shuffled
   * `shuffles` times (once per epoch begun, the first at the run's start) and the next batch
   * starts at `cursor` in it. Absent (a model file): a fresh permutation from the seed.
   */
  order?: { shuffles: number; cursor: number };
  /**
   * The report counters the run's numbers depend on: the example count of the next scheduled
   * validation, and the training losses summed since the last `stats` (`lossCount` steps; per
   * named part in `parts`). Absent: validation at the next tenth of an epoch, no losses pending.
   */
  report?: { nextValAt: number; lossSum: number; lossCount: number; parts: Record<string, number> };
}

/** A file a person chose as one of their images (or a zip of them), with its path in its folder. */
export interface ImageFile {
  file: File;
  /** "pets/cats/a.png" from a folder, or the file's name. */
  path: string;
}

/** How the images become the model's input (src/data/images.ts). */
export interface ImageOptions {
  fit: ImageFit;
  invert: boolean;
}

/** What a person's images will be, shown before they are trained on. */
export interface ImagePreview {
  name: string;
  classNames: string[];
  trainCount: number;
  testCount: number;
  /** Files left out, each message naming its file. */
  skipped: string[];
  /** [count, 784] bytes: a few training images of each class. */
  pixels: Uint8Array;
  labels: number[];
}

/**
 * To the import worker: files to read, check and keep as the person's dataset. `idx` keeps them
 * at once; `images` prepares them and answers with a preview, and `keep` then keeps what the last
 * `images` prepared. A newer `images` stops an older one. Answers carry their request's id.
 */
export type ToImport =
  | { type: 'idx'; id: number; files: File[] }
  | { type: 'images'; id: number; files: ImageFile[]; options: ImageOptions; seed: number }
  | { type: 'keep'; id: number };

/** From the import worker: progress, a preview, the dataset kept, or why the files were refused. */
export type FromImport = { id: number } & (
  | { type: 'imagesProgress'; done: number; total: number }
  | { type: 'imagesRead'; preview: ImagePreview }
  | { type: 'dataKept'; summary: OwnDataSummary }
  | { type: 'dataRefused'; message: string }
);
