// A run as it is kept in the browser between visits: its config, the trainer's snapshot (weights,
// Adam's state, counters) and what the page showed of it (the loss history, the earlier runs).
// Records come back from storage written by any version of the app, so they are checked here
// before anything trusts them. Pure: no IndexedDB, no DOM.
import { CONFIG_TABLE, parseConfig, serializeConfig, type Config } from '../state/config';
import type { LossPoint } from '../state/history';
import type { RunRecord } from '../state/appState';
import type { TrainerSnapshot } from '../train/protocol';

const fmtInt = (n: number) => new Intl.NumberFormat('en-US').format(n);

/** Bumped when the record's shape changes; older records are then set aside, not misread. */
export const SAVED_RUN_VERSION = 1;

export interface SavedRun {
  version: typeof SAVED_RUN_VERSION;
  /** Date.now() when it was written. */
  savedAt: number;
  /** The URL config the run was made with. */
  config: Config;
  snapshot: TrainerSnapshot;
  history: LossPoint[];
  valLoss: number | null;
  valExamples: number | null;
  /** Earlier runs of that page session (the Runs table and the chart's faint lines). */
  runs: RunRecord[];
  /** Whether it was training when saved: it trains on after a restore if autostart allows. */
  running: boolean;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const isCount = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 0;
const isNumberOrNull = (v: unknown) => v === null || (typeof v === 'number' && Number.isFinite(v));
const isFloatArrays = (v: unknown): v is Float32Array[] =>
  Array.isArray(v) && v.length > 0 && v.every((a) => a instanceof Float32Array);

/**
 * Keys added after records were first written, with what a record without them means: its model
 * was built, or its page shown, before the choice existed.
 */
const LATER_KEYS = {
  dataset: 'mnist',
  activation: 'relu',
  contraction: CONFIG_TABLE.contraction.default,
  hide: [],
} as const satisfies Partial<Config>;

/** The config a record names, if this version of the app reads it exactly as written. */
function readConfig(record: unknown): Config | null {
  if (!isObject(record)) return null;
  const v: Record<string, unknown> = { ...LATER_KEYS, ...record };
  const query = serializeConfig(v as unknown as Config);
  const { config, notices } = parseConfig(query);
  if (notices.length > 0) return null;
  // Every key must be there and survive the round trip unchanged (a list, element by element).
  const same = (a: unknown, b: unknown) =>
    Array.isArray(a) && Array.isArray(b)
      ? a.length === b.length && a.every((x, i) => x === b[i])
      : a === b;
  for (const [key, value] of Object.entries(config)) if (!same(v[key], value)) return null;
  return config;
}

function readSnapshot(v: unknown): TrainerSnapshot | null {
  if (!isObject(v) || !isCount(v.step) || !isCount(v.examples) || !isFloatArrays(v.weights)) {
    return null;
  }
  if (!isObject(v.model) || !isObject(v.hyper)) return null;
  const opt = v.optimizer;
  if (opt !== null) {
    if (!isObject(opt) || !isCount(opt.t) || !isFloatArrays(opt.m) || !isFloatArrays(opt.v)) {
      return null;
    }
    const sizes = v.weights.map((w) => w.length).join();
    if (opt.m.map((a) => a.length).join() !== sizes) return null;
    if (opt.v.map((a) => a.length).join() !== sizes) return null;
  }
  return v as unknown as TrainerSnapshot;
}

/**
 * A stored value as a SavedRun, or null when it is not one this version can resume (another
 * version's record, a damaged one, or anything else).
 */
export function readSavedRun(v: unknown): SavedRun | null {
  if (!isObject(v) || v.version !== SAVED_RUN_VERSION) return null;
  if (typeof v.savedAt !== 'number' || !Number.isFinite(v.savedAt)) return null;
  const config = readConfig(v.config);
  const snapshot = readSnapshot(v.snapshot);
  if (!config || !snapshot) return null;
  if (!Array.isArray(v.history) || !Array.isArray(v.runs) || typeof v.running !== 'boolean') {
    return null;
  }
  if (!isNumberOrNull(v.valLoss) || !isNumberOrNull(v.valExamples)) return null;
  return { ...(v as unknown as SavedRun), config };
}

/** The keys that decide whether a URL asks for the saved run: what defines and drives it. */
const RUN_KEYS = [
  'dataset',
  'model',
  'latent',
  'hidden',
  'depth',
  'activation',
  'loss',
  'noise',
  'noiselevel',
  'sparsity',
  'beta',
  'contraction',
  'seed',
  'lr',
  'batch',
] as const satisfies readonly (keyof Config)[];

/** Whether a URL's config asks for the same run on the same data (backend, autostart, valsize aside). */
export function sameRun(a: Config, b: Config): boolean {
  return RUN_KEYS.every((k) => a[k] === b[k]);
}

/** "3 minutes ago", "just now", "2 hours ago", "yesterday". */
export function timeAgo(then: number, now: number): string {
  const s = Math.max(0, Math.round((now - then) / 1000));
  if (s < 45) return 'just now';
  const m = Math.round(s / 60);
  if (m < 60) return `${m} minute${m === 1 ? '' : 's'} ago`;
  const h = Math.round(m / 60);
  if (h < 24) return `${h} hour${h === 1 ? '' : 's'} ago`;
  const d = Math.round(h / 24);
  return d === 1 ? 'yesterday' : `${d} days ago`;
}

/** What the page says after restoring a run. */
export function restoredNotice(run: SavedRun, now: number): string {
  return `Restored your model from ${timeAgo(run.savedAt, now)}: step ${fmtInt(run.snapshot.step)}.`;
}

/** What the page offers when the URL asks for another run than the saved one. */
export function resumeOffer(run: SavedRun): string {
  const m = run.snapshot.model;
  return `Resume the saved model: ${m.kind}, latent ${m.latent}, step ${fmtInt(run.snapshot.step)}`;
}
