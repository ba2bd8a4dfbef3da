import { describe, expect, it } from 'vitest';
import type { AppState } from './appState';
import { defaultConfig, parseConfig } from './config';
import { initialState, keysResetAt, resetAt, RESETS } from './resets';

// The decisions, key by key, written out: a rule changed in the table must change here too.
const LOAD_KEYS = [
  'progress',
  'dataError',
  'fatalError',
  'dataReady',
  'running',
  'halted',
  'explanation',
  'explainWasRunning',
];
const RUN_KEYS = [
  'stats',
  'valLoss',
  'valExamples',
  'history',
  'halted',
  'drawing',
  'analysis',
  'picked',
  'noisy',
  'samples',
  'interpolation',
  'inspectUnit',
  'codePage',
  'traversal',
  'explanation',
  'explainWasRunning',
];
const PAGE_KEYS = [
  'config',
  'notices',
  'backend',
  'decodeMs',
  'display',
  'runModel',
  'runDataset',
  'params',
  'recon',
  'reconStep',
  'drawingInput',
  'pcaMse',
  'pcaMs',
  'pcaProgress',
  'analysisLabels',
  'runs',
  'lossName',
  'restored',
  'resumeOffer',
  'lesson',
  'modelFileError',
  'modelFileBusy',
  'inspection',
  'classCount',
  'ownData',
  'dataImportBusy',
  'dataImportError',
  'imagePreview',
  'imageOptions',
  'imageProgress',
];

const sorted = (keys: string[]) => [...keys].sort();

describe('RESETS', () => {
  it('resets these keys when the data loads', () => {
    expect(sorted(keysResetAt('load'))).toEqual(sorted(LOAD_KEYS));
  });

  it('resets these keys when a run begins', () => {
    expect(sorted(keysResetAt('run'))).toEqual(sorted(RUN_KEYS));
  });

  it('keeps the other keys for the life of the page', () => {
    const page = (Object.keys(RESETS) as (keyof AppState)[]).filter(
      (key) => RESETS[key].on.length === 0,
    );
    expect(sorted(page)).toEqual(sorted(PAGE_KEYS));
  });

  it('starts the page from its URL, every other key at its initial value', () => {
    const page = parseConfig('?latent=3&lr=banana');
    const state = initialState(page);
    expect(state.config).toBe(page.config);
    expect(state.notices).toEqual(page.notices);
    expect(state.notices).toHaveLength(1);
    expect(state).toMatchObject({
      progress: null,
      dataReady: false,
      running: false,
      history: [],
      runs: [],
      recon: null,
      reconStep: 0,
      lossName: 'MSE',
      drawingInput: null,
    });
    expect(Object.keys(state).sort()).toEqual(Object.keys(RESETS).sort());
  });

  it('gives the default config for an empty URL', () => {
    expect(initialState(parseConfig('')).config).toEqual(defaultConfig());
  });

  it('starts a load at zero of an unknown total, with no errors, not ready, not running', () => {
    expect(resetAt('load')).toEqual({
      progress: { loaded: 0, total: 0 },
      dataError: null,
      fatalError: null,
      dataReady: false,
      running: false,
      halted: null,
      explanation: null,
      explainWasRunning: false,
    });
  });

  it('starts a run with no stats, no curve and nothing derived from the old model', () => {
    expect(resetAt('run')).toEqual({
      stats: null,
      valLoss: null,
      valExamples: null,
      history: [],
      halted: null,
      drawing: null,
      analysis: null,
      picked: null,
      noisy: null,
      samples: null,
      interpolation: null,
      inspectUnit: null,
      codePage: 0,
      traversal: null,
      explanation: null,
      explainWasRunning: false,
    });
  });
});
