// Keeping the run: restoring what an earlier visit saved, autosaving, replacing a dead worker,
// going back from a model too large, loading a model file. Fake workers and clock; storage in
// memory (the browser suite covers IndexedDB itself).
import { describe, expect, it } from 'vitest';
import { DEFAULT_MODEL } from '../model/config';
import { PersistError } from '../persist/runStore';
import type { TrainerSnapshot } from '../train/protocol';
import { defaultConfig, parseConfig } from './config';
import { flush, memoryRunStore } from './testing/memoryRunStore';
import { savedRun } from './testing/savedRuns';
import { FRAME_MS, storeHarness } from './testing/storeHarness';

async function started(search: string, stored?: unknown) {
  const memory = memoryRunStore(stored);
  const h = storeHarness(search, memory.open);
  h.store.start();
  await flush();
  h.dataReady();
  h.clock.advance(FRAME_MS);
  return { ...h, memory };
}

const snapshotOf = (step: number): TrainerSnapshot => ({
  ...savedRun(defaultConfig()).snapshot,
  step,
});

describe('restoring a saved run', () => {
  it('continues the saved run of the same config, with its chart, and trains on', async () => {
    const saved = savedRun(defaultConfig());
    const { store, workers } = await started('', saved);
    const [configure] = workers.trainer.sentOf('configure');
    expect(configure?.restore).toEqual(saved.snapshot);
    expect(configure?.hyper).toEqual(saved.snapshot.hyper);
    const state = store.getState();
    expect(state.history).toEqual(saved.history);
    expect(state.valLoss).toBe(0.021);
    expect(state.restored).toBe('Restored your model from 3 minutes ago: step 4,210.');
    expect(workers.trainer.sentOf('run')).toHaveLength(1);
  });

  it('waits for the person when the URL says autostart=0', async () => {
    const { workers, store } = await started('?autostart=0', savedRun(defaultConfig()));
    expect(workers.trainer.sentOf('configure')[0]?.restore).toBeDefined();
    expect(workers.trainer.sentOf('run')).toHaveLength(0);
    expect(store.getState().restored).not.toBeNull();
  });

  it('starts the URL’s config when it differs, and offers the saved run', async () => {
    const saved = savedRun(parseConfig('?latent=8&model=vae').config);
    const { store, workers, clock } = await started('', saved);
    expect(workers.trainer.sentOf('configure')[0]?.restore).toBeUndefined();
    expect(store.getState().resumeOffer).toBe('Resume the saved model: vae, latent 8, step 4,210');
    store.resumeSaved();
    clock.advance(FRAME_MS);
    const resumed = workers.trainer.sentOf('configure').at(-1);
    expect(resumed?.restore).toEqual(saved.snapshot);
    expect(store.getState().config.latent).toBe(8);
    expect(store.getState().resumeOffer).toBeNull();
  });

  it('starts over: storage forgets the run and a fresh one begins', async () => {
    const { store, workers, memory, clock } = await started('', savedRun(defaultConfig()));
    store.startOver();
    await flush();
    clock.advance(FRAME_MS);
    expect(memory.current()).toBeUndefined();
    expect(workers.trainer.sentOf('configure').at(-1)?.restore).toBeUndefined();
    expect(store.getState().restored).toBeNull();
  });

  it('says so when storage holds a record this version cannot read, and starts fresh', async () => {
    const { store, workers } = await started('', { version: 0 });
    expect(workers.trainer.sentOf('configure')[0]?.restore).toBeUndefined();
    expect(store.getState().notices.join(' ')).toMatch(/could not be read; it was set aside/);
  });

  it('trains on unsaved, with one notice, when storage is unavailable', async () => {
    const h = storeHarness('', () =>
      Promise.reject(new PersistError('unavailable', 'No storage here.')),
    );
    h.store.start();
    await flush();
    h.dataReady();
    h.clock.advance(FRAME_MS);
    expect(h.workers.trainer.sentOf('configure')).toHaveLength(1);
    expect(h.workers.trainer.sentOf('run')).toHaveLength(1);
    expect(h.store.getState().notices).toEqual(['No storage here. Training goes on unsaved.']);
  });
});

describe('autosave', () => {
  it('has the worker save the run every 10 s while training and at once on Pause', async () => {
    const { store, workers, feed, gen, alive, memory } = await started('');
    alive(9_800);
    await flush();
    expect(workers.trainer.sentOf('snapshot')).toHaveLength(0);
    alive(200);
    await flush();
    const [ask] = workers.trainer.sentOf('snapshot');
    // The worker writes the record: the page sends what it knows of the run.
    expect(ask?.save?.fields).toMatchObject({ version: 1, running: true, config: defaultConfig() });
    expect(ask?.save?.fields).not.toHaveProperty('snapshot');
    feed({ type: 'snapshot', id: ask!.id, gen: gen(), snapshot: snapshotOf(100) });
    feed({ type: 'saved', id: ask!.save!.id, error: null });
    await flush();
    store.pause();
    await flush();
    const pauseAsk = workers.trainer.sentOf('snapshot').at(-1)!;
    expect(pauseAsk.id).not.toBe(ask!.id);
    expect(pauseAsk.save?.fields.running).toBe(false);
    feed({ type: 'snapshot', id: pauseAsk.id, gen: gen(), snapshot: snapshotOf(140) });
    feed({ type: 'saved', id: pauseAsk.save!.id, error: null });
    await flush();
    // Nothing is copied into storage on the page's thread while the page is open.
    expect(memory.writes).toHaveLength(0);
    // As the page closes it writes the newest snapshot it holds itself.
    store.pageClosing();
    await flush();
    expect(memory.writes.map((w) => [w.snapshot.step, w.running])).toEqual([[140, false]]);
  });

  it('one save at a time: a Pause during a write is saved after it', async () => {
    const { store, workers, feed, gen, alive } = await started('');
    alive(10_000);
    await flush();
    const [ask] = workers.trainer.sentOf('snapshot');
    store.pause();
    await flush();
    expect(workers.trainer.sentOf('snapshot')).toHaveLength(1);
    feed({ type: 'snapshot', id: ask!.id, gen: gen(), snapshot: snapshotOf(100) });
    feed({ type: 'saved', id: ask!.save!.id, error: null });
    await flush();
    const asks = workers.trainer.sentOf('snapshot');
    expect(asks).toHaveLength(2);
    expect(asks[1]?.save?.fields.running).toBe(false);
  });

  it('a failed write says so once, and the run goes on unsaved (still snapshotted)', async () => {
    const { store, workers, feed, gen, alive, clock } = await started('');
    alive(10_000);
    await flush();
    const [ask] = workers.trainer.sentOf('snapshot');
    feed({ type: 'snapshot', id: ask!.id, gen: gen(), snapshot: snapshotOf(100) });
    const message = 'The browser’s storage is full, so your model is not saved.';
    feed({ type: 'saved', id: ask!.save!.id, error: { kind: 'full', message } });
    await flush();
    clock.advance(FRAME_MS);
    expect(store.getState().notices).toEqual([`${message} Training goes on unsaved.`]);
    alive(10_000);
    await flush();
    const later = workers.trainer.sentOf('snapshot').at(-1)!;
    expect(later.id).not.toBe(ask!.id);
    expect(later.save).toBeUndefined();
    clock.advance(FRAME_MS);
    expect(store.getState().notices).toHaveLength(1);
  });

  it('keeps no snapshot of an older run', async () => {
    const { store, workers, feed, gen, clock, memory } = await started('');
    store.pause();
    await flush();
    const ask = workers.trainer.sentOf('snapshot').at(-1)!;
    store.setParam('latent', 4);
    clock.advance(1000);
    feed({ type: 'snapshot', id: ask.id, gen: gen() - 1, snapshot: snapshotOf(5) });
    feed({ type: 'saved', id: ask.save!.id, error: null });
    await flush();
    store.pageClosing();
    await flush();
    expect(memory.writes).toHaveLength(0);
  });
});

describe('a worker that dies', () => {
  it('is replaced after 6 s of silence, and the new one continues from the newest snapshot', async () => {
    const { store, workers, feed, gen, clock, dataReady, alive } = await started('');
    alive(10_000);
    await flush();
    const ask = workers.trainer.sentOf('snapshot').at(-1)!;
    feed({ type: 'snapshot', id: ask.id, gen: gen(), snapshot: snapshotOf(321) });
    await flush();
    // Heartbeats keep it alive; then it goes quiet.
    alive(5000);
    expect(workers.trainers).toHaveLength(1);
    clock.advance(7000);
    expect(workers.trainers).toHaveLength(2);
    expect(workers.trainers[0]!.terminated).toBe(true);
    dataReady();
    const configure = workers.trainer.sentOf('configure')[0];
    expect(configure?.restore?.step).toBe(321);
    expect(workers.trainer.sentOf('run')).toHaveLength(1);
    clock.advance(FRAME_MS);
    expect(store.getState().notices.at(-1)).toBe(
      'The training worker stopped (The training worker stopped responding.); a new one resumed from step 321.',
    );
  });

  it('gives up after three restarts in a minute', async () => {
    const { store, workers, feed, gen, clock, dataReady } = await started('');
    store.pause();
    await flush();
    const ask = workers.trainer.sentOf('snapshot').at(-1)!;
    feed({ type: 'snapshot', id: ask.id, gen: gen(), snapshot: snapshotOf(7) });
    await flush();
    for (let i = 0; i < 3; i++) {
      workers.trainer.crash('boom');
      dataReady();
    }
    expect(workers.trainers).toHaveLength(4);
    workers.trainer.crash('boom');
    expect(workers.trainers).toHaveLength(4);
    clock.advance(FRAME_MS);
    expect(store.getState().fatalError).toBe('boom');
  });
});

describe('a model too large for the device', () => {
  it('brings back the last config that built a model', async () => {
    const { store, workers, feed, clock, modelReady } = await started('?autostart=0');
    modelReady();
    store.setParam('hidden', 1024);
    clock.advance(1000);
    feed({ type: 'error', scope: 'model', message: 'This model is too large for this device.' });
    clock.advance(FRAME_MS);
    expect(store.getState().config.hidden).toBe(256);
    expect(workers.trainer.sentOf('configure').at(-1)?.model.hidden).toBe(256);
    expect(store.getState().notices).toContain('This model is too large for this device.');
  });
});

describe('model files', () => {
  it('loads a model and its run: the config follows it and the run continues from it', async () => {
    const { store, workers, feed, clock } = await started('');
    const model = { ...DEFAULT_MODEL, kind: 'conv' as const, latent: 12 };
    const snapshot = { ...snapshotOf(900), model, optimizer: null };
    const loading = store.loadModelFiles([{ name: 'model.json', bytes: new Uint8Array(2) }]);
    const { id } = workers.trainer.sentOf('importModel').at(-1)!;
    const metadata = {
      app: 'autoencoder-playground' as const,
      formatVersion: 1 as const,
      appVersion: '0.1.0',
      config: model,
      step: 900,
      examples: 115_200,
      lossHistory: [{ examples: 115_200, loss: 0.01 }],
    };
    feed({ type: 'imported', id, model, snapshot, metadata });
    await loading;
    clock.advance(FRAME_MS);
    const state = store.getState();
    expect(state.config).toMatchObject({ model: 'conv', latent: 12 });
    expect(workers.trainer.sentOf('configure').at(-1)?.restore).toEqual(snapshot);
    expect(state.history).toEqual(metadata.lossHistory);
    expect(state.notices.at(-1)).toBe('Loaded a conv model, latent size 12, at step 900.');
    expect(state.modelFileError).toBeNull();
  });

  it('keeps the model when a file is refused, and says why', async () => {
    const { store, workers, feed, clock } = await started('');
    const before = workers.trainer.sentOf('configure').length;
    const loading = store.loadModelFiles([{ name: 'x.json', bytes: new Uint8Array(1) }]);
    const { id } = workers.trainer.sentOf('importModel').at(-1)!;
    feed({
      type: 'importFailed',
      id,
      message: 'This file is not a model from the autoencoder playground.',
    });
    await loading;
    clock.advance(FRAME_MS);
    expect(store.getState().modelFileError).toMatch(/not a model from the autoencoder playground/);
    expect(workers.trainer.sentOf('configure')).toHaveLength(before);
  });
});
