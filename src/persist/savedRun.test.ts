import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../state/config';
import { savedRun } from '../state/testing/savedRuns';
import {
  readSavedRun,
  restoredNotice,
  resumeOffer,
  sameRun,
  timeAgo,
  type SavedRun,
} from './savedRun';

const saved = (patch: Partial<SavedRun> = {}) => savedRun(defaultConfig(), patch);

describe('readSavedRun', () => {
  it('accepts a record this version wrote', () => {
    const run = saved();
    expect(readSavedRun(structuredClone(run))).toEqual(run);
    const embedded = saved({ config: { ...defaultConfig(), hide: ['lr', 'draw', 'runs'] } });
    expect(readSavedRun(structuredClone(embedded))).toEqual(embedded);
  });

  it('sets aside other versions, damaged records and other values', () => {
    expect(readSavedRun(null)).toBeNull();
    expect(readSavedRun('model')).toBeNull();
    expect(readSavedRun({ ...saved(), version: 0 })).toBeNull();
    expect(readSavedRun({ ...saved(), savedAt: 'yesterday' })).toBeNull();
    expect(readSavedRun({ ...saved(), history: undefined })).toBeNull();
    expect(readSavedRun({ ...saved(), running: 'yes' })).toBeNull();
    expect(readSavedRun({ ...saved(), valLoss: NaN })).toBeNull();
  });

  it('rejects a config this version would read differently', () => {
    const config = defaultConfig();
    expect(readSavedRun(saved({ config: { ...config, latent: 5000 } }))).toBeNull();
    expect(readSavedRun(saved({ config: { ...config, model: 'gan' as never } }))).toBeNull();
    const { depth: _d, ...missing } = config;
    expect(readSavedRun(saved({ config: missing as never }))).toBeNull();
    expect(readSavedRun(saved({ config: { ...config, activation: 'swish' as never } }))).toBeNull();
    expect(readSavedRun(saved({ config: { ...config, hide: ['everything'] } }))).toBeNull();
  });

  it('reads a record from before the activation choice as ReLU', () => {
    const { activation: _a, ...older } = { ...defaultConfig(), activation: 'tanh' as const };
    const run = readSavedRun(saved({ config: older as never }));
    expect(run?.config.activation).toBe('relu');
    const tanh = readSavedRun(saved({ config: { ...defaultConfig(), activation: 'tanh' } }));
    expect(tanh?.config.activation).toBe('tanh');
  });

  it('reads a record from before the contractive kind with the default contraction', () => {
    const config = defaultConfig();
    const { contraction: _c, ...older } = { ...config, contraction: 0.05 };
    expect(readSavedRun(saved({ config: older as never }))?.config.contraction).toBe(
      config.contraction,
    );
    const kept = readSavedRun(
      saved({ config: { ...config, model: 'contractive', contraction: 0.05 } }),
    );
    expect(kept?.config).toMatchObject({ model: 'contractive', contraction: 0.05 });
    expect(readSavedRun(saved({ config: { ...config, contraction: 5 } }))).toBeNull();
  });

  it('reads a record from before hide= as hiding nothing', () => {
    const { hide: _h, ...older } = { ...defaultConfig(), hide: ['runs'] };
    expect(readSavedRun(saved({ config: older as never }))?.config.hide).toEqual([]);
  });

  it('rejects a snapshot whose optimizer state does not fit its weights', () => {
    const run = saved();
    const snap = run.snapshot;
    expect(readSavedRun(saved({ snapshot: { ...snap, weights: [] } }))).toBeNull();
    expect(readSavedRun(saved({ snapshot: { ...snap, weights: [[1, 2]] as never } }))).toBeNull();
    expect(readSavedRun(saved({ snapshot: { ...snap, step: -1 } }))).toBeNull();
    const m = [new Float32Array(3), new Float32Array(1)];
    const opt = { t: 1, m, v: snap.optimizer!.v };
    expect(readSavedRun(saved({ snapshot: { ...snap, optimizer: opt } }))).toBeNull();
    expect(readSavedRun(saved({ snapshot: { ...snap, optimizer: null } }))).not.toBeNull();
  });
});

describe('what the page says of a saved run', () => {
  it('matches a URL config on what defines and drives the run, not on page settings', () => {
    const a = defaultConfig();
    expect(sameRun(a, { ...a, backend: 'wasm', autostart: false, valsize: 200 })).toBe(true);
    expect(sameRun(a, { ...a, latent: 8 })).toBe(false);
    expect(sameRun(a, { ...a, lr: 0.01 })).toBe(false);
    expect(sameRun(a, { ...a, model: 'vae' })).toBe(false);
    expect(sameRun(a, { ...a, activation: 'linear' })).toBe(false);
    expect(sameRun(a, { ...a, contraction: 0.01 })).toBe(false);
  });

  it('says how long ago, in words', () => {
    const t = 10_000_000;
    expect(timeAgo(t, t + 10_000)).toBe('just now');
    expect(timeAgo(t, t + 60_000)).toBe('1 minute ago');
    expect(timeAgo(t, t + 3 * 60_000)).toBe('3 minutes ago');
    expect(timeAgo(t, t + 2 * 3_600_000)).toBe('2 hours ago');
    expect(timeAgo(t, t + 30 * 3_600_000)).toBe('yesterday');
    expect(timeAgo(t, t + 72 * 3_600_000)).toBe('3 days ago');
  });

  it('names the step and the model', () => {
    const run = saved();
    expect(restoredNotice(run, run.savedAt + 180_000)).toBe(
      'Restored your model from 3 minutes ago: step 4,210.',
    );
    expect(resumeOffer(run)).toBe('Resume the saved model: dense, latent 16, step 4,210');
  });
});
