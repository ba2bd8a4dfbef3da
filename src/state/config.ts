// The whole run configuration lives in one declared table. Each key says how it parses,
// clamps and serialises, so a URL reproduces a run and the compiler catches a forgotten key.

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
} from '../model/config';
import { kindUses, MODEL_KIND_INFO } from '../model/kinds';
import { DATASET_IDS, DATASETS, type DatasetId } from '../data/datasets';
import { BACKEND_CHOICES, type BackendChoice, type HyperParams } from '../train/protocol';

export interface Config {
  /** The images trained on. */
  dataset: DatasetId;
  backend: BackendChoice;
  model: ModelKind;
  depth: number;
  activation: ActivationKind;
  loss: LossKind;
  noise: NoiseKind;
  noiselevel: number;
  sparsity: number;
  beta: number;
  contraction: number;
  latent: number;
  hidden: number;
  lr: number;
  batch: number;
  seed: number;
  /** Start training as soon as the data is loaded. */
  autostart: boolean;
  /** Test digits used for the validation loss. */
  valsize: number;
  /** The controls, panels and buttons the page leaves out (a focused embed). */
  hide: readonly string[];
}

/**
 * When a change to a key takes effect: `rebuild` keys define the model (a change starts a new
 * run), `live` keys apply to the running model, `data` keys load other data (and a new run on
 * it), `page` keys are read when the page loads.
 */
export type Applies = 'rebuild' | 'live' | 'data' | 'page';

interface BaseSpec {
  /** The key's name in notices ("The latent size 500 is out of range"). */
  label: string;
  applies: Applies;
  /** What the value means, for the README's URL table. */
  doc: string;
}
export interface NumberSpec extends BaseSpec {
  min: number;
  max: number;
  default: number;
  /** A slider's step: in the value's unit, or in decades on a `log` scale. */
  step?: number;
  /** A log scale, and the significant digits a slider's value keeps on it. */
  log?: { digits: number };
  /** The values a slider steps through, ascending (any value in range is still valid). */
  stops?: readonly number[];
}
interface IntSpec extends NumberSpec {
  kind: 'int';
}
interface FloatSpec extends NumberSpec {
  kind: 'float';
}
interface EnumSpec<T extends string> extends BaseSpec {
  kind: 'enum';
  values: readonly T[];
  default: T;
  /** Each value's name for people (a select's options). */
  names: { readonly [V in T]: string };
}
interface BoolSpec extends BaseSpec {
  kind: 'bool';
  default: boolean;
}
/** A comma-separated list of names, each at most once; written in the order of `values`. */
interface ListSpec extends BaseSpec {
  kind: 'list';
  /** The names it accepts (a function: they can depend on the table itself). */
  values: () => readonly string[];
  default: readonly [];
}

// The brackets stop the conditional from distributing over a union of string literals.
type SpecFor<V> = [V] extends [boolean]
  ? BoolSpec
  : [V] extends [number]
    ? IntSpec | FloatSpec
    : [V] extends [readonly string[]]
      ? ListSpec
      : [V] extends [string]
        ? EnumSpec<V>
        : never;

const M = DEFAULT_MODEL;
const R = MODEL_RANGES;
const modelKindNames = Object.fromEntries(
  MODEL_KINDS.map((k) => [k, MODEL_KIND_INFO[k].label]),
) as { [K in ModelKind]: string };

export const CONFIG_TABLE = {
  dataset: {
    kind: 'enum',
    values: DATASET_IDS,
    default: 'mnist',
    names: { mnist: DATASETS.mnist.name, fashion: DATASETS.fashion.name, own: DATASETS.own.name },
    label: 'dataset',
    applies: 'data',
    doc: 'the images trained on (`fashion` needs the Fashion-MNIST sprite, `own` the IDX files a person loaded in this browser; see above)',
  },
  backend: {
    kind: 'enum',
    values: BACKEND_CHOICES,
    default: 'auto',
    names: { auto: 'Automatic', webgl: 'WebGL', wasm: 'WebAssembly', cpu: 'CPU' },
    label: 'backend',
    applies: 'page',
    doc: 'where training runs',
  },
  model: {
    kind: 'enum',
    values: MODEL_KINDS,
    default: M.kind,
    names: modelKindNames,
    label: 'model',
    applies: 'rebuild',
    doc: 'the kind of autoencoder',
  },
  depth: {
    kind: 'int',
    ...R.depth,
    default: M.depth,
    step: 1,
    label: 'depth',
    applies: 'rebuild',
    doc: 'hidden layers each side (every kind but the convolutional one)',
  },
  activation: {
    kind: 'enum',
    values: ACTIVATION_KINDS,
    default: M.activation,
    names: { relu: 'ReLU', sigmoid: 'Sigmoid', tanh: 'Tanh', linear: 'Linear' },
    label: 'activation',
    applies: 'rebuild',
    doc: "the hidden layers' activation",
  },
  loss: {
    kind: 'enum',
    values: LOSS_KINDS,
    default: M.loss,
    names: { mse: 'MSE', bce: 'Binary cross-entropy' },
    label: 'loss',
    applies: 'rebuild',
    doc: 'the reconstruction loss',
  },
  noise: {
    kind: 'enum',
    values: NOISE_KINDS,
    default: M.noise,
    names: { gaussian: 'Gaussian', masking: 'Masking' },
    label: 'noise type',
    applies: 'rebuild',
    doc: 'the corruption (denoising)',
  },
  noiselevel: {
    kind: 'float',
    ...R.noiseLevel,
    default: M.noiseLevel,
    step: 0.05,
    label: 'noise level',
    applies: 'rebuild',
    doc: 'σ, or drop probability (denoising)',
  },
  sparsity: {
    kind: 'float',
    ...R.sparsity,
    default: M.sparsity,
    step: 0.1,
    log: { digits: 2 },
    label: 'sparsity',
    applies: 'rebuild',
    doc: 'λ of the L1 penalty (sparse)',
  },
  beta: {
    kind: 'float',
    ...R.beta,
    default: M.beta,
    step: 0.1,
    label: 'β',
    applies: 'rebuild',
    doc: 'weight of the KL term (variational)',
  },
  contraction: {
    kind: 'float',
    ...R.contraction,
    default: M.contraction,
    step: 0.1,
    log: { digits: 2 },
    label: 'contraction',
    applies: 'rebuild',
    doc: "λ of the penalty on the encoder's Jacobian (contractive)",
  },
  latent: {
    kind: 'int',
    ...R.latent,
    default: M.latent,
    step: 1,
    // Every size up to 64, then coarser steps to 1024, through 784: the input's own size.
    stops: [
      ...Array.from({ length: 64 }, (_, i) => i + 1),
      ...[80, 96, 128, 160, 192, 256, 320, 384, 512, 640, 768, 784, 896, 1024],
    ],
    label: 'latent size',
    applies: 'rebuild',
    doc: 'latent size',
  },
  hidden: {
    kind: 'int',
    ...R.hidden,
    default: M.hidden,
    step: 32,
    label: 'hidden units',
    applies: 'rebuild',
    doc: 'hidden units',
  },
  lr: {
    kind: 'float',
    min: 1e-4,
    max: 1e-1,
    default: 1e-3,
    step: 0.05,
    log: { digits: 3 },
    label: 'learning rate',
    applies: 'live',
    doc: 'Adam learning rate',
  },
  batch: {
    kind: 'int',
    min: 16,
    max: 1024,
    default: 128,
    step: 16,
    label: 'batch size',
    applies: 'live',
    doc: 'batch size',
  },
  seed: {
    kind: 'int',
    ...R.seed,
    default: M.seed,
    label: 'seed',
    applies: 'rebuild',
    doc: 'weight init and shuffling seed',
  },
  autostart: {
    kind: 'bool',
    default: true,
    label: 'autostart',
    applies: 'page',
    doc: '`1` to start training once the data is loaded, `0` to wait',
  },
  valsize: {
    kind: 'int',
    min: 100,
    max: 10000,
    default: 1000,
    label: 'validation size',
    applies: 'page',
    doc: 'test digits in the validation loss',
  },
  hide: {
    kind: 'list',
    values: () => hideNames(),
    default: [],
    label: 'part to hide',
    applies: 'page',
    doc: 'controls, panels and buttons to leave out, comma-separated (below)',
  },
} as const satisfies { [K in keyof Config]: SpecFor<Config[K]> };

type Table = typeof CONFIG_TABLE;
type KeysApplying<A extends Applies> = {
  [K in keyof Config]: Table[K]['applies'] extends A ? K : never;
}[keyof Config];

/** The keys that define the model: changing one starts a new run. */
export type ModelKey = KeysApplying<'rebuild'>;
/** The keys that apply to the running model. */
export type LiveKey = KeysApplying<'live'>;
/** The keys that choose the data: changing one loads it and starts a new run. */
export type DataKey = KeysApplying<'data'>;
/** The keys with a slider: the numeric ones that declare a step. */
export type SliderKey = {
  [K in keyof Config]: Table[K] extends { step: number } ? K : never;
}[keyof Config];

/** The model field each model key sets. */
const MODEL_FIELDS = {
  model: 'kind',
  depth: 'depth',
  activation: 'activation',
  loss: 'loss',
  noise: 'noise',
  noiselevel: 'noiseLevel',
  sparsity: 'sparsity',
  beta: 'beta',
  contraction: 'contraction',
  latent: 'latent',
  hidden: 'hidden',
  seed: 'seed',
} as const satisfies { [K in ModelKey]: keyof ModelConfig };

// Every model field is set by some key: a field added to ModelConfig and forgotten here fails.
type Unset = Exclude<keyof ModelConfig, (typeof MODEL_FIELDS)[ModelKey]>;
const everyFieldSet: [Unset] extends [never] ? true : Unset = true;
void everyFieldSet;

export const CONFIG_KEYS = Object.keys(CONFIG_TABLE) as (keyof Config)[];

/**
 * What `hide` takes besides the keys with a control: the panels and buttons, by a short name
 * (the README lists them).
 */
export const HIDE_PARTS = [
  'train',
  'reset',
  'step',
  'explain',
  'files',
  'lessons',
  'embed',
  'why',
  'pca',
  'chart',
  'recon',
  'draw',
  'space',
  'samples',
  'interpolation',
  'network',
  'features',
  'traversal',
  'copy',
  'diagnostics',
  'runs',
] as const;

/** The keys with a control on the page: the model and live keys with a select or a slider. */
export function controlKeys(): (keyof Config)[] {
  return CONFIG_KEYS.filter((key) => {
    const spec = CONFIG_TABLE[key];
    return spec.applies !== 'page' && (spec.kind === 'enum' || 'step' in spec);
  });
}

/** Every name `hide` accepts: the control keys, then the panels and buttons. */
export function hideNames(): readonly string[] {
  return [...controlKeys(), ...HIDE_PARTS];
}

/** Whether the config leaves out a control (by its key) or a panel or button (by its name). */
export function hides(config: Pick<Config, 'hide'>, name: string): boolean {
  return config.hide.includes(name);
}

export function appliesOf(key: keyof Config): Applies {
  return CONFIG_TABLE[key].applies;
}

/** Whether a model key applies to a model kind (depth, say, to every kind but conv). */
export function keyAppliesToKind(key: ModelKey, kind: ModelKind): boolean {
  return kindUses(kind, MODEL_FIELDS[key]);
}

/** The model a config describes. */
export function modelConfigOf(config: Config): ModelConfig {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(MODEL_FIELDS) as ModelKey[]) out[MODEL_FIELDS[key]] = config[key];
  return out as unknown as ModelConfig;
}

/** A config that describes `model` (and, if given, trains with `hyper`); the rest is kept. */
export function configWithModel(config: Config, model: ModelConfig, hyper?: HyperParams): Config {
  const out: Record<string, unknown> = { ...config, ...(hyper ?? {}) };
  for (const key of Object.keys(MODEL_FIELDS) as ModelKey[]) out[key] = model[MODEL_FIELDS[key]];
  return out as unknown as Config;
}

/** What applies live to the running model. */
export function hyperOf(config: Config): HyperParams {
  return { lr: config.lr, batch: config.batch };
}

export function defaultConfig(): Config {
  const out: Record<string, unknown> = {};
  for (const key of CONFIG_KEYS) out[key] = CONFIG_TABLE[key].default;
  return out as unknown as Config;
}

export interface ParsedConfig {
  config: Config;
  /** One readable line per value that was malformed or out of range. */
  notices: string[];
}

type AnySpec = IntSpec | FloatSpec | EnumSpec<string> | BoolSpec | ListSpec;

function parseOne(
  spec: AnySpec,
  raw: string,
): { value: number | string | boolean | readonly string[]; notice?: string } {
  const name = spec.label;
  switch (spec.kind) {
    case 'list': {
      const known = spec.values();
      const asked = raw
        .split(',')
        .map((v) => v.trim().toLowerCase())
        .filter((v) => v !== '');
      const unknown = [...new Set(asked.filter((v) => !known.includes(v)))];
      const value = known.filter((v) => asked.includes(v));
      if (unknown.length === 0) return { value };
      const quoted = unknown.map((v) => `"${v}"`).join(', ');
      return {
        value,
        notice: `Unknown ${name} ${quoted}; ignored (choose from ${known.join(', ')}).`,
      };
    }
    case 'enum': {
      const v = raw.trim().toLowerCase();
      if ((spec.values as readonly string[]).includes(v)) return { value: v };
      return {
        value: spec.default,
        notice: `Unknown ${name} "${raw}"; using ${spec.default} (choose ${spec.values.join(', ')}).`,
      };
    }
    case 'bool': {
      const v = raw.trim().toLowerCase();
      if (['1', 'true', 'yes', 'on'].includes(v)) return { value: true };
      if (['0', 'false', 'no', 'off'].includes(v)) return { value: false };
      return { value: spec.default, notice: `Malformed ${name} "${raw}"; using ${spec.default}.` };
    }
    case 'int':
    case 'float': {
      const n = raw.trim() === '' ? NaN : Number(raw);
      if (!Number.isFinite(n)) {
        return {
          value: spec.default,
          notice: `Malformed ${name} "${raw}"; using ${spec.default}.`,
        };
      }
      // `+ 0` turns -0 (from "-0" or a tiny negative rounded) into 0, which serialises back.
      let v = (spec.kind === 'int' ? Math.round(n) : n) + 0;
      const clamped = Math.min(spec.max, Math.max(spec.min, v));
      if (clamped !== v) {
        v = clamped;
        return {
          value: v,
          notice: `The ${name} ${raw} is out of range (${spec.min}–${spec.max}); using ${v}.`,
        };
      }
      return { value: v };
    }
  }
}

/** Reads a config from a URL query string, clamping bad values and saying so. */
export function parseConfig(search: string): ParsedConfig {
  const params = new URLSearchParams(search);
  const config = defaultConfig() as unknown as Record<string, unknown>;
  const notices: string[] = [];
  for (const key of CONFIG_KEYS) {
    const raw = params.get(key);
    if (raw === null) continue;
    const { value, notice } = parseOne(CONFIG_TABLE[key] as AnySpec, raw);
    config[key] = value;
    if (notice) notices.push(notice);
  }
  return { config: config as unknown as Config, notices };
}

/**
 * Writes the values that differ from the defaults, so links stay short, and the keys in `always`
 * whatever their value.
 */
export function serializeConfig(
  config: Config,
  always: ReadonlySet<keyof Config> = new Set(),
): string {
  const params = new URLSearchParams();
  for (const key of CONFIG_KEYS) {
    const spec = CONFIG_TABLE[key];
    const value = config[key];
    if (Array.isArray(value)) {
      if (value.length > 0 || always.has(key)) params.set(key, value.join(','));
      continue;
    }
    if (value === spec.default && !always.has(key)) continue;
    params.set(key, typeof value === 'boolean' ? (value ? '1' : '0') : String(value));
  }
  // A list's commas are fine in a query string and easier to read than %2C.
  const s = params.toString().replaceAll('%2C', ',');
  return s ? `?${s}` : '';
}
