// What the page shows, as one plain object: worker messages and actions fold into it, panels read
// it. When each key goes back to its initial value is declared in resets.ts.
import type {
  Analysis,
  BackendName,
  DisplayDigits,
  ImageOptions,
  ImagePreview,
  Inspection,
  ModelConfig,
  StepExplanation,
  TrainStats,
} from '../train/protocol';
import type { DatasetId } from '../data/datasets';
import type { OwnDataSummary } from '../persist/dataDb';
import type { Config } from './config';
import type { LossPoint } from './history';

export interface DrawingResult {
  input: Float32Array;
  recon: Float32Array;
  code: Float32Array;
}

export interface RunRecord {
  id: number;
  model: ModelConfig;
  history: LossPoint[];
  examples: number;
  valLoss: number | null;
  /** Shown as a faint line on the loss chart. */
  visible: boolean;
  /** The data it trained on (absent in runs kept before there was a choice: MNIST). */
  dataset?: DatasetId;
}

export interface AppState {
  config: Config;
  notices: string[];
  progress: { loaded: number; total: number } | null;
  dataError: string | null;
  fatalError: string | null;
  backend: { name: BackendName; renderer?: string; wasmThreads?: number } | null;
  dataReady: boolean;
  decodeMs: number | null;
  display: DisplayDigits | null;
  running: boolean;
  /** The model of the run now shown (what data-latent-size reports). */
  runModel: ModelConfig | null;
  /** The data of the run now shown (what data-dataset reports). */
  runDataset: DatasetId | null;
  params: number | null;
  stats: TrainStats | null;
  valLoss: number | null;
  /** Examples seen when valLoss was measured. */
  valExamples: number | null;
  history: LossPoint[];
  recon: Float32Array | null;
  reconStep: number;
  halted: string | null;
  /** The drawing pad's latest preprocessed input, and the model's answer to it. */
  drawingInput: Float32Array | null;
  drawing: DrawingResult | null;
  /** PCA test MSE for k = 1..64, then (once computed) up to 784, at index k−1. */
  pcaMse: Float64Array | null;
  pcaMs: number | null;
  pcaProgress: number | null;
  analysis: Analysis | null;
  analysisLabels: Uint8Array | null;
  /** Earlier runs of this page session, oldest first. */
  runs: RunRecord[];
  /** A code picked in the latent plane and its decoded digit. */
  picked: { x: number; y: number; image: Float32Array | null } | null;
  /** What the training loss measures, for the chart's axis. */
  lossName: string;
  /** Denoising: the corrupted display digits the reconstructions were made from. */
  noisy: Float32Array | null;
  /** Digits generated from random codes (Generate). */
  samples: Float32Array | null;
  interpolation: Float32Array | null;
  /** "Restored your model from 3 minutes ago: step 4,210." while that notice shows. */
  restored: string | null;
  /** "Resume the saved model: …" when an earlier visit saved another run than the URL asks. */
  resumeOffer: string | null;
  /** The lesson open (its id) and how many lessons the page has opened, this one included. */
  lesson: { id: string; opened: number } | null;
  /** Why the files a person chose could not be loaded as a model. */
  modelFileError: string | null;
  /** A model file is being written or read. */
  modelFileBusy: boolean;
  /** The model opened up at the digit in focus (the Network and Learned features panels). */
  inspection: (Inspection & { gen: number }) | null;
  /** The first-layer unit whose incoming weights are shown (hovered or focused). */
  inspectUnit: number | null;
  /** Which sixteen code units the traversal and contribution views show: units 16·page + 1… */
  codePage: number;
  /** The latent traversal's edited code and its decoding; null: the digit's own code. */
  traversal: { code: Float32Array; image: Float32Array | null } | null;
  /** One training step explained: null when not shown, 'waiting' while the step is taken. */
  explanation: StepExplanation | 'waiting' | null;
  /** Whether training ran when the explanation was asked for: leaving it resumes training. */
  explainWasRunning: boolean;
  /** The number of classes of the data loaded (labels 0 … classCount − 1). */
  classCount: number;
  /** The dataset a person loaded and the browser keeps (null: none, or not read yet). */
  ownData: OwnDataSummary | null;
  /** A person's files are being read as their dataset. */
  dataImportBusy: boolean;
  /** Why the files a person chose could not be loaded as a dataset. */
  dataImportError: string | null;
  /** A person's images as the model will see them, before they are trained on. */
  imagePreview: ImagePreview | null;
  /** How images become the model's input: Fit and centre, or Resize and pad; Invert. */
  imageOptions: ImageOptions;
  /** Images read so far while they are read. */
  imageProgress: { done: number; total: number } | null;
}

/** What the drawing panel shows: the pad's preprocessed input and the model's answer to it. */
export type DrawingView = Pick<AppState, 'drawingInput' | 'drawing'>;

/** What the latent traversal shows of its own: the edited code and its decoding. */
export type TraversalView = AppState['traversal'];

/**
 * What one worker message does: the keys it changes (null: none, so nothing is redrawn) and the
 * actions it asks of the store, which a fold only names so that it stays a pure function.
 */
export interface Folded<Effect> {
  patch: Partial<AppState> | null;
  effects: readonly Effect[];
}
