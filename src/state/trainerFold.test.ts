import { describe, expect, it } from 'vitest';
import { DEFAULT_MODEL } from '../model/config';
import type { DisplayDigits } from '../train/protocol';
import type { AppState } from './appState';
import { parseConfig } from './config';
import { initialState } from './resets';
import type { TrainerReport } from './supervisor';
import { foldTrainer } from './trainerFold';

const base = (over: Partial<AppState> = {}): AppState => ({
  ...initialState(parseConfig('')),
  ...over,
});

const stats = (examples: number, loss = 0.05): TrainerReport => ({
  type: 'stats',
  gen: 1,
  step: examples / 10,
  epoch: examples / 60000,
  examples,
  loss,
  parts: { kl: 0.01 },
  examplesPerSecond: 1000,
});

const display: DisplayDigits = { pixels: new Float32Array(784), labels: [3] };

describe('foldTrainer', () => {
  it('shows the download progress', () => {
    expect(foldTrainer(base(), { type: 'progress', loaded: 3, total: 9 })).toEqual({
      patch: { progress: { loaded: 3, total: 9 } },
      effects: [],
    });
  });

  it('records the backend, and adds its notice when it is not the one asked for', () => {
    const state = base({ notices: ['from the URL'] });
    const quiet = foldTrainer(state, { type: 'backend', backend: 'webgl' });
    expect(quiet.patch).toEqual({
      backend: { name: 'webgl', renderer: undefined, wasmThreads: undefined },
      notices: state.notices,
    });
    const fallback = foldTrainer(state, {
      type: 'backend',
      backend: 'wasm',
      notice: 'WebGL is unavailable',
      wasmThreads: 4,
    });
    expect(fallback.patch).toMatchObject({
      backend: { name: 'wasm', wasmThreads: 4 },
      notices: ['from the URL', 'WebGL is unavailable'],
    });
  });

  it('marks the data ready and asks for the first run, and training unless the URL says not', () => {
    const labels = new Uint8Array([1, 2]);
    const msg: TrainerReport = {
      type: 'dataReady',
      decodeMs: 12,
      display,
      analysisLabels: labels,
      classCount: 12,
    };
    const manual = base({ config: parseConfig('?autostart=0').config, progress: null });
    const folded = foldTrainer(manual, msg);
    expect(folded).toEqual({
      patch: {
        dataReady: true,
        display,
        decodeMs: 12,
        progress: null,
        analysisLabels: labels,
        classCount: 12,
        pcaProgress: 0,
      },
      effects: [{ kind: 'firstRun', autostart: false }],
    });
    expect(foldTrainer(base(), msg).effects).toEqual([{ kind: 'firstRun', autostart: true }]);
  });

  it('records the model of the run', () => {
    const msg: TrainerReport = {
      type: 'modelReady',
      gen: 1,
      model: DEFAULT_MODEL,
      params: 1234,
      lossName: 'BCE',
    };
    expect(foldTrainer(base(), msg).patch).toEqual({
      runModel: DEFAULT_MODEL,
      params: 1234,
      lossName: 'BCE',
    });
  });

  it('keeps the latest stats and adds the loss to the curve', () => {
    const first = foldTrainer(base(), stats(100)).patch!;
    expect(first.stats).toEqual({
      gen: 1,
      step: 10,
      epoch: 100 / 60000,
      examples: 100,
      loss: 0.05,
      parts: { kl: 0.01 },
      examplesPerSecond: 1000,
    });
    expect(first.history).toEqual([{ examples: 100, loss: 0.05, parts: { kl: 0.01 } }]);
    const second = foldTrainer(base(first), stats(200, 0.04)).patch!;
    expect(second.history?.map((p) => p.examples)).toEqual([100, 200]);
  });

  it('keeps the validation loss, when it was measured, and adds it to the curve', () => {
    const state = base({ history: [{ examples: 100, loss: 0.05 }] });
    const msg: TrainerReport = { type: 'val', gen: 1, examples: 120, valLoss: 0.06 };
    expect(foldTrainer(state, msg).patch).toEqual({
      valLoss: 0.06,
      valExamples: 120,
      history: [
        { examples: 100, loss: 0.05 },
        { examples: 120, val: 0.06 },
      ],
    });
  });

  it('shows the reconstructions, and the noisy inputs only where the model has them', () => {
    const pixels = new Float32Array(784);
    const noisy = new Float32Array(784);
    const clean = foldTrainer(base({ noisy }), { type: 'recon', gen: 1, step: 5, pixels });
    expect(clean.patch).toEqual({ recon: pixels, reconStep: 5, noisy: null });
    const denoising = foldTrainer(base(), { type: 'recon', gen: 1, step: 6, pixels, noisy });
    expect(denoising.patch?.noisy).toBe(noisy);
  });

  it('asks for the drawing to be answered again by new weights, and changes nothing itself', () => {
    const msg: TrainerReport = {
      type: 'weights',
      gen: 1,
      model: DEFAULT_MODEL,
      values: [],
    };
    expect(foldTrainer(base(), msg)).toEqual({ patch: null, effects: [] });
    const input = new Float32Array(784);
    expect(foldTrainer(base({ drawingInput: input }), msg)).toEqual({
      patch: null,
      effects: [{ kind: 'encodeDrawing', input }],
    });
  });

  it('follows the worker running, pausing and halting', () => {
    expect(foldTrainer(base(), { type: 'running', running: true }).patch).toEqual({
      running: true,
    });
    const halted = foldTrainer(base({ running: true }), {
      type: 'halted',
      gen: 1,
      message: 'The loss became NaN.',
    });
    expect(halted.patch).toEqual({ halted: 'The loss became NaN.', running: false });
  });

  it('shows the PCA baseline’s progress, then its result', () => {
    expect(foldTrainer(base(), { type: 'pcaProgress', fraction: 0.5 }).patch).toEqual({
      pcaProgress: 0.5,
    });
    const mseByK = new Float64Array([0.1, 0.05]);
    expect(foldTrainer(base(), { type: 'pca', mseByK, ms: 800 }).patch).toEqual({
      pcaMse: mseByK,
      pcaMs: 800,
      pcaProgress: null,
    });
  });

  it('keeps the look inside the model, without its message type', () => {
    const analysis = {
      gen: 1,
      step: 4,
      latent: 2,
      points: new Float32Array(4),
      mean: new Float32Array(2),
      axes: new Float32Array(4),
      codeMean: new Float32Array(2),
      codeStd: new Float32Array(2),
      copyTest: { digits: 0.02, noise: 0.2, inverted: 0.3, shifted: 0.1 },
      nearZero: null,
      classMse: [0.1],
      worst: {
        indices: [1],
        mse: [0.2],
        originals: new Float32Array(784),
        recons: new Float32Array(784),
      },
    };
    expect(foldTrainer(base(), { type: 'analysis', ...analysis }).patch).toEqual({ analysis });
  });

  it('tells data errors, PCA errors and training errors apart', () => {
    const state = base({ running: true, notices: ['n'], progress: { loaded: 1, total: 2 } });
    expect(foldTrainer(state, { type: 'error', scope: 'data', message: '404' }).patch).toEqual({
      dataError: '404',
      progress: null,
    });
    expect(foldTrainer(state, { type: 'error', scope: 'pca', message: 'pca' }).patch).toEqual({
      pcaProgress: null,
      notices: ['n', 'pca'],
    });
    expect(foldTrainer(state, { type: 'error', scope: 'train', message: 'boom' }).patch).toEqual({
      fatalError: 'boom',
      running: false,
    });
    expect(foldTrainer(state, { type: 'error', scope: 'backend', message: 'gl' }).patch).toEqual({
      fatalError: 'gl',
      running: false,
    });
  });

  it('leaves the state it was given as it was', () => {
    const state = base();
    const before = { ...state };
    foldTrainer(state, stats(100));
    foldTrainer(state, { type: 'error', scope: 'pca', message: 'x' });
    expect(state).toEqual(before);
  });
});
