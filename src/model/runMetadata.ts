// What a model file from this app says about its run, and the checks a loader makes on it. A file
// can hold anything, so every reader here takes `unknown` and either returns a clean, typed copy
// or throws a ModelFileError whose message a person can act on.
import {
  ACTIVATION_KINDS,
  DEFAULT_MODEL,
  LOSS_KINDS,
  MODEL_KINDS,
  MODEL_RANGES,
  NOISE_KINDS,
  type ActivationKind,
  type LossKind,
  type ModelConfig,
  type ModelKind,
  type NoiseKind,
} from './config';

/** The marker that says a Layers model file was written by this app. */
export const APP_ID = 'autoencoder-playground';
/**
 * Raised whenever the meaning of the file's contents changes; older readers refuse newer files.
 * 2: the hidden layers' activation (a format-1 reader would build ReLU layers for any of them)
 * and the contractive kind with its contraction.
 */
export const FORMAT_VERSION = 2;

/** A model file that cannot be read; the message is meant for the person who chose the file. */
export class ModelFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ModelFileError';
  }
}

export const NOT_OURS = 'This file is not a model from the autoencoder playground.';

/** One point of the loss curve; the same shape as the chart's points, so they restore as they are. */
export interface RunLossPoint {
  examples: number;
  loss?: number;
  val?: number;
  parts?: Record<string, number>;
}

/** The run a model file belongs to: `userDefinedMetadata` of the Layers model, as JSON. */
export interface RunMetadata {
  app: typeof APP_ID;
  formatVersion: number;
  /** The app's version (package.json) that wrote the file. */
  appVersion: string;
  config: ModelConfig;
  /** Training steps taken and examples seen when the weights were taken. */
  step: number;
  examples: number;
  lossHistory: RunLossPoint[];
}

/** The metadata of a run, with the app marker and the current format version filled in. */
export function runMetadata(
  config: ModelConfig,
  run: Pick<RunMetadata, 'appVersion' | 'step' | 'examples' | 'lossHistory'>,
): RunMetadata {
  return { app: APP_ID, formatVersion: FORMAT_VERSION, ...run, config: { ...config } };
}

type Numeric =
  'latent' | 'hidden' | 'depth' | 'seed' | 'noiseLevel' | 'sparsity' | 'beta' | 'contraction';

const NUMERIC_FIELDS: readonly {
  key: Numeric;
  label: string;
  range: { min: number; max: number };
  integer: boolean;
}[] = [
  { key: 'latent', label: 'latent size', range: MODEL_RANGES.latent, integer: true },
  { key: 'hidden', label: 'hidden units', range: MODEL_RANGES.hidden, integer: true },
  { key: 'depth', label: 'depth', range: MODEL_RANGES.depth, integer: true },
  { key: 'seed', label: 'seed', range: MODEL_RANGES.seed, integer: true },
  { key: 'noiseLevel', label: 'noise level', range: MODEL_RANGES.noiseLevel, integer: false },
  { key: 'sparsity', label: 'sparsity', range: MODEL_RANGES.sparsity, integer: false },
  { key: 'beta', label: 'β', range: MODEL_RANGES.beta, integer: false },
  { key: 'contraction', label: 'contraction', range: MODEL_RANGES.contraction, integer: false },
];

/**
 * The fields format 1 lacks, as its files mean them: ReLU hidden layers, and a contraction no
 * kind of theirs reads.
 */
const FORMAT_1_FIELDS = { activation: 'relu', contraction: DEFAULT_MODEL.contraction } as const;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function oneOf<T extends string>(values: readonly T[], value: unknown): value is T {
  return typeof value === 'string' && (values as readonly string[]).includes(value);
}

function badSettings(detail: string): ModelFileError {
  return new ModelFileError(`The model's settings in this file are invalid: ${detail}.`);
}

function damaged(detail: string): ModelFileError {
  return new ModelFileError(`This model file is damaged: ${detail}.`);
}

/**
 * A model config from a file, checked against the kinds and value ranges the app accepts (a file
 * may hold settings the controls could never produce). Unknown fields are dropped.
 */
export function readModelConfig(record: unknown): ModelConfig {
  if (!isRecord(record)) throw badSettings('they are missing');
  const value: Record<string, unknown> = { ...FORMAT_1_FIELDS, ...record };
  const { kind, loss, noise, activation } = value;
  if (!oneOf<ModelKind>(MODEL_KINDS, kind))
    throw badSettings(
      `the model kind ${JSON.stringify(kind)} is not one of ${MODEL_KINDS.join(', ')}`,
    );
  if (!oneOf<LossKind>(LOSS_KINDS, loss))
    throw badSettings(`the loss ${JSON.stringify(loss)} is not one of ${LOSS_KINDS.join(', ')}`);
  if (!oneOf<NoiseKind>(NOISE_KINDS, noise))
    throw badSettings(
      `the noise type ${JSON.stringify(noise)} is not one of ${NOISE_KINDS.join(', ')}`,
    );
  if (!oneOf<ActivationKind>(ACTIVATION_KINDS, activation))
    throw badSettings(
      `the activation ${JSON.stringify(activation)} is not one of ${ACTIVATION_KINDS.join(', ')}`,
    );
  const numbers = {} as Record<Numeric, number>;
  for (const { key, label, range, integer } of NUMERIC_FIELDS) {
    const v = value[key];
    if (typeof v !== 'number' || !Number.isFinite(v) || (integer && !Number.isInteger(v)))
      throw badSettings(
        `the ${label} ${JSON.stringify(v)} is not ${integer ? 'an integer' : 'a number'}`,
      );
    if (v < range.min || v > range.max)
      throw badSettings(`the ${label} ${v} is outside ${range.min}–${range.max}`);
    numbers[key] = v;
  }
  return { kind, loss, noise, activation, ...numbers };
}

const isCount = (v: unknown): v is number =>
  typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

function readLossPoint(value: unknown): RunLossPoint | null {
  if (!isRecord(value) || !isFiniteNumber(value.examples) || value.examples < 0) return null;
  const point: RunLossPoint = { examples: value.examples };
  for (const key of ['loss', 'val'] as const) {
    const v = value[key];
    if (v === undefined) continue;
    if (!isFiniteNumber(v)) return null;
    point[key] = v;
  }
  if (value.parts !== undefined) {
    if (!isRecord(value.parts)) return null;
    const parts = Object.entries(value.parts);
    if (!parts.every(([, v]) => isFiniteNumber(v))) return null;
    point.parts = Object.fromEntries(parts) as Record<string, number>;
  }
  return point;
}

/**
 * The run metadata of a Layers model file (its `userDefinedMetadata`): the app marker first, so a
 * model from elsewhere is named as such, then the format version, the config and the run.
 */
export function readRunMetadata(value: unknown): RunMetadata {
  if (!isRecord(value) || value.app !== APP_ID) throw new ModelFileError(NOT_OURS);
  const { formatVersion, appVersion, step, examples, lossHistory } = value;
  if (!isCount(formatVersion) || formatVersion < 1) throw damaged('its format version is missing');
  if (formatVersion > FORMAT_VERSION)
    throw new ModelFileError(
      `This model file comes from a newer version of the autoencoder playground (file format ` +
        `${formatVersion}; this page reads format ${FORMAT_VERSION}).`,
    );
  if (typeof appVersion !== 'string') throw damaged('the app version is missing');
  const config = readModelConfig(value.config);
  if (!isCount(step) || !isCount(examples)) throw damaged('its step or example count is missing');
  if (!Array.isArray(lossHistory)) throw damaged('its loss history is missing');
  const points: RunLossPoint[] = [];
  for (const [i, raw] of lossHistory.entries()) {
    const point = readLossPoint(raw);
    if (point === null) throw damaged(`point ${i + 1} of its loss history is malformed`);
    points.push(point);
  }
  return { app: APP_ID, formatVersion, appVersion, config, step, examples, lossHistory: points };
}
