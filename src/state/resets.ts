// When each key of the state goes back to its initial value. A key added to AppState without a
// rule here does not compile.
import type { AppState } from './appState';
import { defaultConfig, type ParsedConfig } from './config';

/**
 * `load`: the data (re)loads (start, Retry, Restart). `run`: a new run begins (data ready, Reset,
 * a model key changed). A data load is followed by a run once the data is ready, so a key that
 * belongs to a run is not reset at the load too: the table and the chart keep the run that was
 * going on until then, and the next run archives it.
 */
export type Moment = 'load' | 'run';

interface Rule<V> {
  /** When the key is reset; none: set when the page opens, then changed by messages and actions. */
  on: readonly Moment[];
  initial: V;
  /** What a reset sets, where that is not the initial value. */
  resetTo?: V;
}

const PAGE: readonly Moment[] = [];
const LOAD: readonly Moment[] = ['load'];
const RUN: readonly Moment[] = ['run'];

export const RESETS: { readonly [K in keyof AppState]: Rule<AppState[K]> } = {
  // From the URL; the person changes it.
  config: { on: PAGE, initial: defaultConfig() },
  // The URL's notices, then the workers' (a backend fallback); dismissed one by one.
  notices: { on: PAGE, initial: [] },
  // A load starts at zero of an unknown total, so the bar shows at once.
  progress: { on: LOAD, initial: null, resetTo: { loaded: 0, total: 0 } },
  dataError: { on: LOAD, initial: null },
  fatalError: { on: LOAD, initial: null },
  // Each new worker reports its backend; until then the last one's name stays.
  backend: { on: PAGE, initial: null },
  dataReady: { on: LOAD, initial: false },
  decodeMs: { on: PAGE, initial: null },
  display: { on: PAGE, initial: null },
  running: { on: LOAD, initial: false },
  // What the run shows until the new run's model is ready (and what the archive reads).
  runModel: { on: PAGE, initial: null },
  runDataset: { on: PAGE, initial: null },
  params: { on: PAGE, initial: null },
  stats: { on: RUN, initial: null },
  valLoss: { on: RUN, initial: null },
  valExamples: { on: RUN, initial: null },
  history: { on: RUN, initial: [] },
  // The old run's reconstructions stay until the new run's first, so the grid never blanks.
  recon: { on: PAGE, initial: null },
  reconStep: { on: PAGE, initial: 0 },
  halted: { on: ['load', 'run'], initial: null },
  // The pad keeps its drawing across runs; each new run answers it again.
  drawingInput: { on: PAGE, initial: null },
  drawing: { on: RUN, initial: null },
  // The PCA baseline depends on the data alone, and a reload keeps it.
  pcaMse: { on: PAGE, initial: null },
  pcaMs: { on: PAGE, initial: null },
  pcaProgress: { on: PAGE, initial: null },
  analysis: { on: RUN, initial: null },
  analysisLabels: { on: PAGE, initial: null },
  // Never cleared: a new run archives the one ending (see runArchive.ts).
  runs: { on: PAGE, initial: [] },
  picked: { on: RUN, initial: null },
  lossName: { on: PAGE, initial: 'MSE' },
  noisy: { on: RUN, initial: null },
  samples: { on: RUN, initial: null },
  interpolation: { on: RUN, initial: null },
  // What the page kept of an earlier visit: shown until the person answers or dismisses it.
  restored: { on: PAGE, initial: null },
  resumeOffer: { on: PAGE, initial: null },
  // From the URL or the Lessons menu; open until the person closes it or picks another.
  lesson: { on: PAGE, initial: null },
  modelFileError: { on: PAGE, initial: null },
  modelFileBusy: { on: PAGE, initial: false },
  // The old model's insides stay until the new one's first arrive, so the panels never blank.
  inspection: { on: PAGE, initial: null },
  inspectUnit: { on: RUN, initial: null },
  codePage: { on: RUN, initial: 0 },
  traversal: { on: RUN, initial: null },
  // An explained step belongs to its run: a new run or a reload closes it, and does not resume
  // training on the old run's behalf.
  explanation: { on: ['load', 'run'], initial: null },
  explainWasRunning: { on: ['load', 'run'], initial: false },
  // Each load reports its data's classes; MNIST's ten until then.
  classCount: { on: PAGE, initial: 10 },
  // Read from the browser when the page opens; replaced by each import.
  ownData: { on: PAGE, initial: null },
  dataImportBusy: { on: PAGE, initial: false },
  dataImportError: { on: PAGE, initial: null },
  imagePreview: { on: PAGE, initial: null },
  imageOptions: { on: PAGE, initial: { fit: 'fit', invert: false } },
  imageProgress: { on: PAGE, initial: null },
};

const KEYS = Object.keys(RESETS) as (keyof AppState)[];

function put<K extends keyof AppState>(out: Partial<AppState>, key: K, value: AppState[K]): void {
  out[key] = value;
}

/** The state when the page opens, from what its URL says. */
export function initialState(page: ParsedConfig): AppState {
  const out: Partial<AppState> = {};
  for (const key of KEYS) put(out, key, RESETS[key].initial);
  return { ...(out as AppState), config: page.config, notices: page.notices };
}

/** The keys reset at a moment. */
export function keysResetAt(moment: Moment): (keyof AppState)[] {
  return KEYS.filter((key) => RESETS[key].on.includes(moment));
}

/** The patch that resets the keys of a moment. */
export function resetAt(moment: Moment): Partial<AppState> {
  const out: Partial<AppState> = {};
  for (const key of keysResetAt(moment)) {
    const rule = RESETS[key];
    put(out, key, rule.resetTo ?? rule.initial);
  }
  return out;
}
