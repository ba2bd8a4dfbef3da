import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_MODEL } from '../model/config';
import { defaultConfig } from './config';
import { FRAME_MS, storeHarness } from './testing/storeHarness';

/** A browser's history and location, enough for the store to write its URL. */
function fakeUrl() {
  const urls: string[] = [];
  vi.stubGlobal('location', { pathname: '/play/', hash: '' });
  vi.stubGlobal('history', {
    replaceState: (_s: unknown, _t: string, url: string) => urls.push(url),
  });
  return urls;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('Store lessons', () => {
  it('opens the lesson a URL names, with its settings, as the first run', () => {
    const { store, workers, dataReady, clock } = storeHarness('?lesson=bottleneck&hidden=64');
    expect(store.getState().lesson).toEqual({ id: 'bottleneck', opened: 1 });
    expect(store.getState().config).toEqual({ ...defaultConfig(), latent: 2, hidden: 64 });
    store.start();
    dataReady();
    const [configure] = workers.trainer.sentOf('configure');
    expect(configure?.model).toMatchObject({ latent: 2, hidden: 64 });
    expect(workers.trainer.sentOf('run')).toHaveLength(1);
    clock.advance(FRAME_MS);
    expect(store.getState().running).toBe(true);
  });

  it('sets the config of a lesson chosen, keeps the page keys, starts a new run that trains', () => {
    const urls = fakeUrl();
    const { store, workers, dataReady, modelReady, clock, feed, stats } = storeHarness(
      '?backend=cpu&hide=runs&autostart=0&latent=64',
    );
    store.start();
    dataReady();
    modelReady({ ...DEFAULT_MODEL, latent: 64 });
    feed(stats(100));
    expect(workers.trainer.sentOf('run')).toHaveLength(0);
    store.chooseLesson('vae');
    clock.advance(FRAME_MS);
    const state = store.getState();
    expect(state.lesson).toEqual({ id: 'vae', opened: 1 });
    expect(state.config).toEqual({
      ...defaultConfig(),
      model: 'vae',
      backend: 'cpu',
      hide: ['runs'],
      autostart: false,
    });
    expect(urls.at(-1)).toBe('/play/?backend=cpu&model=vae&autostart=0&hide=runs&lesson=vae');
    const configures = workers.trainer.sentOf('configure');
    expect(configures).toHaveLength(2);
    expect(configures[1]?.model).toMatchObject({ kind: 'vae', latent: 16 });
    expect(workers.trainer.sent.at(-1)).toEqual({ type: 'run' });
    // The run before the lesson went to the Runs table.
    expect(store.getState().runs.map((r) => r.model.latent)).toEqual([64]);
    expect(store.getState().running).toBe(true);
  });

  it('counts each opening, so the page opens the explanation again for the same lesson', () => {
    const { store, dataReady, clock } = storeHarness('?lesson=sparse');
    store.start();
    dataReady();
    store.chooseLesson('sparse');
    clock.advance(FRAME_MS);
    expect(store.getState().lesson).toEqual({ id: 'sparse', opened: 2 });
    store.chooseLesson('denoising');
    clock.advance(FRAME_MS);
    expect(store.getState().lesson).toEqual({ id: 'denoising', opened: 3 });
    expect(store.getState().config.model).toBe('denoising');
  });

  it('ignores a lesson this build does not offer', () => {
    const { store, workers, dataReady, clock } = storeHarness('?autostart=0');
    store.start();
    dataReady();
    store.chooseLesson('nonsense');
    clock.advance(FRAME_MS);
    expect(store.getState().lesson).toBeNull();
    expect(workers.trainer.sentOf('configure')).toHaveLength(1);
  });

  it('takes the lesson out of the URL when closed; the run and its config stay', () => {
    const urls = fakeUrl();
    const { store, workers, dataReady, clock } = storeHarness();
    store.start();
    dataReady();
    store.chooseLesson('denoising');
    expect(urls.at(-1)).toBe('/play/?model=denoising&lesson=denoising');
    const sent = workers.trainer.sent.length;
    store.closeLesson();
    clock.advance(FRAME_MS);
    expect(store.getState().lesson).toBeNull();
    expect(store.getState().config.model).toBe('denoising');
    expect(urls.at(-1)).toBe('/play/?model=denoising');
    expect(workers.trainer.sent).toHaveLength(sent);
  });

  it('keeps the lesson’s keys in the URL while a setting changes', () => {
    const urls = fakeUrl();
    const { store, dataReady } = storeHarness();
    store.start();
    dataReady();
    store.chooseLesson('bottleneck');
    store.setParam('latent', 16);
    expect(urls.at(-1)).toBe('/play/?latent=16&lesson=bottleneck');
  });

  it('while the data loads, sets the lesson’s config for the first run', () => {
    const { store, workers, dataReady } = storeHarness();
    store.start();
    store.chooseLesson('identity');
    expect(workers.trainer.sentOf('configure')).toHaveLength(0);
    dataReady();
    const [configure] = workers.trainer.sentOf('configure');
    expect(configure?.model).toMatchObject({ latent: 1024, hidden: 1024 });
  });
});
