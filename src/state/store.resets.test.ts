// What a new run and a new data load reset through the store, from a state where every key is
// away from its initial value, so that a key reset by mistake shows.
import { describe, expect, it } from 'vitest';
import { DEFAULT_MODEL } from '../model/config';
import type { AppState } from './appState';
import { keysResetAt, RESETS } from './resets';
import { REBUILD_DEBOUNCE_MS } from './store';
import { defaultConfig } from './config';
import { flush, memoryRunStore } from './testing/memoryRunStore';
import { savedRun } from './testing/savedRuns';
import { fakeOwnData, SUMMARY } from './testing/fakeOwnData';
import { FRAME_MS, storeHarness } from './testing/storeHarness';

const KEYS = Object.keys(RESETS) as (keyof AppState)[];
const images = new Float32Array(784);

/**
 * A store that restored a saved run, trained on, and is deep in a second run, every key set by
 * some message or action. `resumeOffer` is left out: it shows only when no run was restored (the
 * restore tests cover it); and `dataImportError`, which the read of images under way has
 * cleared (store.ownData.test.ts covers it).
 */
async function busyStore() {
  const saved = memoryRunStore(savedRun({ ...defaultConfig(), latent: 2 }));
  const own = fakeOwnData(SUMMARY);
  const h = storeHarness('?autostart=0&backend=webgl&lesson=bottleneck', saved.open, own.source);
  const { store, clock, workers, feed, gen, dataReady, modelReady, stats, answerDrawing } = h;
  store.start();
  await flush();
  dataReady();
  modelReady();
  feed(stats(100));
  store.reset();
  const g = gen();
  feed({ type: 'backend', backend: 'cpu', notice: 'No WebGL here.' });
  feed({ type: 'error', scope: 'data', message: 'flaky' });
  feed({ type: 'error', scope: 'train', message: 'was fatal' });
  feed({ type: 'progress', loaded: 5, total: 10 });
  modelReady({ ...DEFAULT_MODEL, latent: 2 }, 'BCE');
  feed(stats(500));
  feed({ type: 'val', gen: g, examples: 500, valLoss: 0.04 });
  feed({ type: 'recon', gen: g, step: 5, pixels: images, noisy: images });
  feed({ type: 'halted', gen: g, message: 'NaN' });
  feed({ type: 'running', running: true });
  // An explained step, asked for while training: it pauses, then the worker says it runs again.
  store.explainStep();
  feed({
    type: 'explained',
    id: workers.trainer.sentOf('explainStep').at(-1)!.id,
    gen: g,
    step: 6,
    batch: 32,
    shown: 1,
    latent: 2,
    inputs: images,
    codes: new Float32Array(2),
    recons: images,
    loss: 0.04,
    parts: {},
    layers: [],
  });
  feed({ type: 'running', running: true });
  feed({ type: 'pca', mseByK: new Float64Array([0.1]), ms: 10 });
  feed({ type: 'pcaProgress', fraction: 0.5 });
  feed({
    type: 'analysis',
    gen: g,
    latent: 2,
    points: new Float32Array(4),
    mean: new Float32Array(2),
    axes: new Float32Array(4),
    codeMean: new Float32Array(2),
    codeStd: new Float32Array(2),
    copyTest: { digits: 0.02, noise: 0.2, inverted: 0.3, shifted: 0.1 },
    nearZero: null,
    classMse: [],
    worst: { indices: [], mse: [], originals: images, recons: images },
  });
  store.setDrawing(new Float32Array(784).fill(0.5));
  answerDrawing();
  store.pickPoint(0.5, 0.5);
  store.generate(4);
  store.interpolate(images, images, 4);
  workers.inference.reply({ type: 'sampled', id: 1, gen: g, images });
  workers.inference.reply({ type: 'interpolated', id: 1, gen: g, images });
  store.inspect({ pixels: images, unit: 3, units: [0, 1], stats: null });
  const { id: inspectId } = workers.inference.sentOf('inspect').at(-1)!;
  workers.inference.reply({
    type: 'inspected',
    id: inspectId,
    gen: g,
    ms: 3,
    model: { ...DEFAULT_MODEL, latent: 2 },
    layers: [],
    sample: null,
    features: { count: 0, side: 28, weights: new Float32Array(0) },
    unit: null,
    contributions: null,
    traversalRows: null,
  });
  store.focusUnit(3);
  store.setCodePage(1);
  store.traverse(new Float32Array(2));
  store.setParam('lr', 0.05);
  const files = [{ name: 'model.json', bytes: new Uint8Array(4) }];
  const refused = store.loadModelFiles(files);
  const { id } = workers.trainer.sentOf('importModel').at(-1)!;
  feed({ type: 'importFailed', id, message: 'Not a model.' });
  await refused;
  void store.loadModelFiles(files);
  const read = store.readImages([{ file: new File([], 'a.png'), path: 'a.png' }]);
  own.reads.at(-1)!.resolve({
    name: 'pets',
    classNames: ['a'],
    trainCount: 85,
    testCount: 15,
    skipped: [],
    pixels: new Uint8Array(784),
    labels: [0],
  });
  await read;
  // Read again with Invert: under way while the test looks.
  store.setImageOptions({ invert: true });
  clock.advance(FRAME_MS);
  const state = store.getState();
  for (const key of KEYS) {
    if (key === 'resumeOffer' || key === 'dataImportError') continue;
    expect([key, state[key]]).not.toEqual([key, RESETS[key].initial]);
  }
  return h;
}

/** The keys whose values are not the same objects as before. */
function changed(before: AppState, after: AppState): (keyof AppState)[] {
  return KEYS.filter((key) => before[key] !== after[key]);
}

describe('Store resets', () => {
  it('resets exactly the run keys when a run begins, and archives the run that ends', async () => {
    const { store, clock, workers } = await busyStore();
    store.setParam('latent', 5);
    const before = store.getState();
    const drawingsSent = workers.inference.sentOf('encodeDrawing').length;
    clock.advance(REBUILD_DEBOUNCE_MS + FRAME_MS);
    const after = store.getState();
    expect(changed(before, after).sort()).toEqual([...keysResetAt('run'), 'runs'].sort());
    for (const key of keysResetAt('run')) expect(after[key]).toEqual(RESETS[key].initial);
    expect(after.runs.map((r) => [r.id, r.examples])).toEqual([
      [1, 100],
      [2, 500],
    ]);
    // The pad's drawing and the old reconstructions stay; the drawing is answered again.
    expect(after.drawingInput).toBe(before.drawingInput);
    expect(after.recon).toBe(before.recon);
    expect(workers.inference.sentOf('encodeDrawing')).toHaveLength(drawingsSent + 1);
  });

  it('resets exactly the load keys when the data loads again, and keeps the run shown', async () => {
    const { store, clock, workers } = await busyStore();
    const before = store.getState();
    store.start();
    clock.advance(FRAME_MS);
    const after = store.getState();
    expect(changed(before, after).sort()).toEqual(keysResetAt('load').sort());
    expect(after.progress).toEqual({ loaded: 0, total: 0 });
    expect(after).toMatchObject({ dataReady: false, running: false, fatalError: null });
    expect(workers.trainers).toHaveLength(2);
    expect(workers.trainers[0]!.terminated).toBe(true);
  });
});
