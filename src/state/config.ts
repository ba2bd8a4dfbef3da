// The whole run configuration lives in one declared table. Each key says how it parses,
// clamps and serialises, so a URL reproduces a run and the compiler catches a forgotten key.

import {
  LOSS_KINDS,
  MODEL_KINDS,
  NOISE_KINDS,
  type LossKind,
  type ModelKind,
  type NoiseKind,
} from '../model/config';
import { BACKEND_CHOICES, type BackendChoice } from '../train/protocol';

export interface Config {
  backend: BackendChoice;
  model: ModelKind;
  depth: number;
  loss: LossKind;
  noise: NoiseKind;
  noiselevel: number;
  sparsity: number;
  beta: number;
  latent: number;
  hidden: number;
  lr: number;
  batch: number;
  seed: number;
  /** Start training as soon as the data is loaded. */
  autostart: boolean;
  /** Test digits used for the validation loss. */
  valsize: number;
}

interface IntSpec {
  kind: 'int';
  min: number;
  max: number;
  default: number;
  label: string;
}
interface FloatSpec {
  kind: 'float';
  min: number;
  max: number;
  default: number;
  label: string;
}
interface EnumSpec<T extends string> {
  kind: 'enum';
  values: readonly T[];
  default: T;
  label: string;
}
interface BoolSpec {
  kind: 'bool';
  default: boolean;
  label: string;
}

// The brackets stop the conditional from distributing over a union of string literals.
type SpecFor<V> = [V] extends [boolean]
  ? BoolSpec
  : [V] extends [number]
    ? IntSpec | FloatSpec
    : [V] extends [string]
      ? EnumSpec<V>
      : never;

export const CONFIG_TABLE: { [K in keyof Config]: SpecFor<Config[K]> } = {
  backend: { kind: 'enum', values: BACKEND_CHOICES, default: 'auto', label: 'backend' },
  model: { kind: 'enum', values: MODEL_KINDS, default: 'dense', label: 'model' },
  depth: { kind: 'int', min: 1, max: 3, default: 1, label: 'depth' },
  loss: { kind: 'enum', values: LOSS_KINDS, default: 'mse', label: 'loss' },
  noise: { kind: 'enum', values: NOISE_KINDS, default: 'gaussian', label: 'noise type' },
  noiselevel: { kind: 'float', min: 0, max: 1, default: 0.3, label: 'noise level' },
  sparsity: { kind: 'float', min: 1e-5, max: 1e-1, default: 1e-3, label: 'sparsity' },
  beta: { kind: 'float', min: 0, max: 4, default: 1, label: 'β' },
  latent: { kind: 'int', min: 1, max: 64, default: 16, label: 'latent size' },
  hidden: { kind: 'int', min: 32, max: 1024, default: 256, label: 'hidden units' },
  lr: { kind: 'float', min: 1e-4, max: 1e-1, default: 1e-3, label: 'learning rate' },
  batch: { kind: 'int', min: 16, max: 1024, default: 128, label: 'batch size' },
  seed: { kind: 'int', min: 0, max: 2 ** 31 - 1, default: 1, label: 'seed' },
  autostart: { kind: 'bool', default: true, label: 'autostart' },
  valsize: { kind: 'int', min: 100, max: 10000, default: 1000, label: 'validation size' },
};

export const CONFIG_KEYS = Object.keys(CONFIG_TABLE) as (keyof Config)[];

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

type AnySpec = IntSpec | FloatSpec | EnumSpec<string> | BoolSpec;

function parseOne(
  spec: AnySpec,
  raw: string,
): { value: number | string | boolean; notice?: string } {
  const name = spec.label;
  switch (spec.kind) {
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
      let v = spec.kind === 'int' ? Math.round(n) : n;
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

/** Writes the values that differ from the defaults, so links stay short. */
export function serializeConfig(config: Config): string {
  const params = new URLSearchParams();
  for (const key of CONFIG_KEYS) {
    const spec = CONFIG_TABLE[key];
    const value = config[key];
    if (value === spec.default) continue;
    params.set(key, typeof value === 'boolean' ? (value ? '1' : '0') : String(value));
  }
  const s = params.toString();
  return s ? `?${s}` : '';
}

/** Clamps one numeric value to its declared range (for sliders and messages). */
export function clampValue(key: 'latent' | 'hidden' | 'lr' | 'batch', value: number): number {
  const spec = CONFIG_TABLE[key];
  const v = spec.kind === 'int' ? Math.round(value) : value;
  return Math.min(spec.max, Math.max(spec.min, v));
}
