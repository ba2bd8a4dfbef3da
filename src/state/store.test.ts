import { flush } from './testing/memoryRunStore';
import { describe, expect, it } from 'vitest';
import { DEFAULT_MODEL } from '../model/config';
import { FRAME_MS, storeHarness } from './testing/storeHarness';
import { REBUILD_DEBOUNCE_MS } from './store';

describe('Store notifications', () => {
  it('shows ordinary updates at the next frame, and a drawing to its own panel at once', () => {
    const { store, clock, feed, stats } = storeHarness();
    store.start();
    const seen: number[] = [];
    let drawingNotices = 0;
    store.subscribe(() => seen.push(store.getState().stats?.examples ?? -1));
    store.subscribeDrawing(() => (drawingNotices += 1));
    feed(stats(100));
    expect(store.getState().stats).toBeNull();
    clock.advance(FRAME_MS);
    expect(store.getState().stats?.examples).toBe(100);
    expect(seen).toEqual([100]);
    const input = new Float32Array(784).fill(0.5);
    store.setDrawing(input);
    // The drawing panel has it now; the page (one listener call so far) at the next frame.
    expect(store.getDrawing().drawingInput).toBe(input);
    expect(drawingNotices).toBe(1);
    expect(seen).toHaveLength(1);
    clock.advance(FRAME_MS);
    expect(store.getState().drawingInput).toBe(input);
  });

  it('shows a run toggled on or off at once (its checkbox is controlled)', () => {
    const { store, clock, feed, dataReady, modelReady, stats } = storeHarness();
    store.start();
    dataReady();
    modelReady();
    feed(stats(100));
    store.reset();
    clock.advance(FRAME_MS);
    expect(store.getState().runs.map((r) => r.id)).toEqual([1]);
    let notices = 0;
    store.subscribe(() => (notices += 1));
    store.toggleRun(1);
    expect(store.getState().runs[0]!.visible).toBe(false);
    expect(notices).toBe(1);
    store.toggleRun(1);
    expect(store.getState().runs[0]!.visible).toBe(true);
  });

  it('holds other updates while a stroke is drawn, for at most a second, and shows drawings at once', () => {
    const { store, clock, feed, stats } = storeHarness();
    store.start();
    clock.advance(FRAME_MS);
    store.setStroking(true);
    feed(stats(100));
    clock.advance(500);
    expect(store.getState().stats).toBeNull();
    // The drawing shows at once; the held loss report stays held.
    const input = new Float32Array(784).fill(0.25);
    store.setDrawing(input);
    expect(store.getDrawing().drawingInput).toBe(input);
    expect(store.getState().stats).toBeNull();
    feed(stats(200));
    clock.advance(499);
    expect(store.getState().stats).toBeNull();
    // A second after the first held update, the page catches up even mid-stroke.
    clock.advance(1);
    expect(store.getState().stats?.examples).toBe(200);
    expect(store.getState().drawingInput).toBe(input);
    // The stroke ends: what arrived meanwhile shows at the next frame, not a second later.
    feed(stats(300));
    store.setStroking(false);
    clock.advance(FRAME_MS);
    expect(store.getState().stats?.examples).toBe(300);
  });

  it('notes when the first reconstruction reached the screen', () => {
    const { store, clock, feed, dataReady } = storeHarness();
    store.start();
    dataReady();
    clock.advance(FRAME_MS);
    expect(store.firstReconAt).toBeNull();
    clock.advance(250);
    feed({ type: 'recon', gen: 1, step: 1, pixels: new Float32Array(784) });
    expect(store.firstReconAt).toBeNull();
    clock.advance(FRAME_MS);
    expect(store.firstReconAt).toBe(450);
  });
});

describe('Store runs', () => {
  it('loads the data from where it is served, with the backend and validation size asked for', () => {
    const { store, workers } = storeHarness('?backend=cpu&valsize=500');
    store.start();
    expect(workers.trainer.sent).toEqual([
      {
        type: 'load',
        backend: 'cpu',
        dataset: 'mnist',
        baseUrl: 'http://test/data/',
        valSize: 500,
      },
    ]);
  });

  it('switches the dataset: new workers load it, and a fresh run on it keeps the settings', () => {
    const h = storeHarness('?dataset=fashion&latent=8');
    h.store.start();
    expect(h.workers.trainer.sent[0]).toMatchObject({
      type: 'load',
      dataset: 'fashion',
      baseUrl: 'http://test/data/fashion/',
    });
    h.dataReady();
    h.modelReady({ ...DEFAULT_MODEL, latent: 8 });
    h.feed(h.stats(1000));
    h.feed({ type: 'pca', mseByK: new Float64Array([0.05, 0.04]), ms: 10 });
    h.clock.advance(FRAME_MS);
    expect(h.store.getState()).toMatchObject({ runDataset: 'fashion', running: true });

    const first = h.workers.trainer;
    h.store.setDataset('mnist');
    expect(h.workers.trainer).not.toBe(first);
    expect(h.workers.trainer.sent[0]).toMatchObject({
      type: 'load',
      dataset: 'mnist',
      baseUrl: 'http://test/data/',
    });
    h.clock.advance(FRAME_MS);
    // The old baseline was of the other data.
    expect(h.store.getState()).toMatchObject({ pcaMse: null, runDataset: 'fashion' });
    expect(h.store.getState().config).toMatchObject({ dataset: 'mnist', latent: 8 });
    h.dataReady();
    const configure = h.workers.trainer.sentOf('configure');
    expect(configure).toHaveLength(1);
    expect(configure[0]?.model.latent).toBe(8);
    expect(configure[0]?.restore).toBeUndefined();
    expect(h.workers.trainer.sent.at(-1)?.type).toBe('run');
    h.clock.advance(FRAME_MS);
    const state = h.store.getState();
    expect(state.runDataset).toBe('mnist');
    // The run on the other data goes to the table, named by its data.
    expect(state.runs.map((r) => r.dataset)).toEqual(['fashion']);
  });

  it('begins the first run once the data is ready, and trains at once unless told not to', () => {
    const auto = storeHarness();
    auto.store.start();
    auto.dataReady();
    expect(auto.workers.trainer.sent.slice(1).map((m) => m.type)).toEqual(['configure', 'run']);
    expect(auto.store.getState().running).toBe(false);
    auto.clock.advance(FRAME_MS);
    expect(auto.store.getState()).toMatchObject({ dataReady: true, running: true });
    const manual = storeHarness('?autostart=0');
    manual.store.start();
    manual.dataReady();
    expect(manual.workers.trainer.sent.slice(1).map((m) => m.type)).toEqual(['configure']);
  });

  it('ignores the messages of a run once a new one began', () => {
    const { store, clock, feed, dataReady, stats } = storeHarness('?autostart=0');
    store.start();
    dataReady();
    store.reset();
    feed(stats(100, 1));
    clock.advance(FRAME_MS);
    expect(store.getState().stats).toBeNull();
    feed(stats(200, 2));
    clock.advance(FRAME_MS);
    expect(store.getState().stats?.examples).toBe(200);
  });

  it('rebuilds once a model key settles, and applies a live key to the running model', () => {
    const { store, clock, workers, dataReady } = storeHarness('?autostart=0');
    store.start();
    dataReady();
    store.setParam('lr', 0.01);
    expect(workers.trainer.sentOf('hyper')).toEqual([
      { type: 'hyper', hyper: { lr: 0.01, batch: store.getState().config.batch } },
    ]);
    store.setParam('latent', 3);
    // The control shows its value at once, before any frame.
    expect(store.getState().config.latent).toBe(3);
    clock.advance(REBUILD_DEBOUNCE_MS - 1);
    store.setParam('latent', 4);
    clock.advance(REBUILD_DEBOUNCE_MS - 1);
    expect(workers.trainer.sentOf('configure')).toHaveLength(1);
    clock.advance(1);
    const configures = workers.trainer.sentOf('configure');
    expect(configures.map((m) => [m.gen, m.model.latent])).toEqual([
      [1, DEFAULT_MODEL.latent],
      [2, 4],
    ]);
    store.setParam('latent', 4);
    clock.advance(REBUILD_DEBOUNCE_MS);
    expect(workers.trainer.sentOf('configure')).toHaveLength(2);
  });

  it('drops a pending rebuild when stopped, also if started again at once', () => {
    const { store, clock, workers, dataReady } = storeHarness('?autostart=0');
    store.start();
    dataReady();
    store.setParam('latent', 3);
    store.stop();
    expect(workers.trainer.terminated).toBe(true);
    // React's strict mode stops and starts again; the new data's own first run is the only one.
    store.start();
    dataReady();
    clock.advance(REBUILD_DEBOUNCE_MS);
    expect(workers.trainer.sentOf('configure').map((m) => [m.gen, m.model.latent])).toEqual([
      [2, 3],
    ]);
  });

  it('trains, pauses and steps the training worker, a step only while paused', async () => {
    const { store, clock, workers, dataReady } = storeHarness('?autostart=0');
    store.start();
    store.train();
    expect(workers.trainer.sentOf('run')).toHaveLength(0);
    dataReady();
    store.step();
    store.train();
    store.step();
    store.pause();
    clock.advance(FRAME_MS);
    const commands = workers.trainer.sent.slice(2).filter((m) => m.type !== 'snapshot');
    expect(commands.map((m) => m.type)).toEqual(['step', 'run', 'pause']);
    // Pausing saves the run (here without storage: only the snapshot a new worker would need).
    await flush();
    expect(workers.trainer.sentOf('snapshot')).toHaveLength(1);
    expect(store.getState().running).toBe(false);
  });

  it('shows a crash of either worker as fatal, and stops', () => {
    const { store, clock, workers, dataReady } = storeHarness();
    store.start();
    dataReady();
    workers.inference.crash('inference died');
    clock.advance(FRAME_MS);
    expect(store.getState()).toMatchObject({ fatalError: 'inference died', running: false });
  });
});
