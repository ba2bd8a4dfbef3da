import { describe, expect, it } from 'vitest';
import { flush } from './testing/memoryRunStore';
import { fakeOwnData, SUMMARY } from './testing/fakeOwnData';
import { FRAME_MS, storeHarness } from './testing/storeHarness';

const file = (name: string) => new File([new Uint8Array(8)], name);

describe('Store: a person’s own dataset', () => {
  it('reads what the browser keeps when the page opens', async () => {
    const own = fakeOwnData(SUMMARY);
    const { store, clock } = storeHarness('', null, own.source);
    await flush();
    clock.advance(FRAME_MS);
    expect(store.getState().ownData).toEqual(SUMMARY);
  });

  it('loads imported files as the dataset: busy, then a notice and a new load of "own"', async () => {
    const own = fakeOwnData();
    const { store, clock, workers, dataReady, modelReady } = storeHarness(
      '?latent=8',
      null,
      own.source,
    );
    store.start();
    dataReady();
    modelReady();
    const files = [file('a'), file('b')];
    const loading = store.loadIdxFiles(files);
    expect(store.getState().dataImportBusy).toBe(true);
    // A second choice while the first is read is ignored.
    void store.loadIdxFiles([file('c')]);
    expect(own.imports).toHaveLength(1);
    expect(own.imports[0]!.files).toBe(files);
    const loadsBefore = workers.trainers.length;
    own.imports[0]!.resolve(SUMMARY);
    await loading;
    clock.advance(FRAME_MS);
    const s = store.getState();
    expect(s.dataImportBusy).toBe(false);
    expect(s.ownData).toEqual(SUMMARY);
    expect(s.config.dataset).toBe('own');
    expect(s.config.latent).toBe(8);
    expect(s.notices.at(-1)).toBe(
      'Loaded kmnist: 60,000 training and 10,000 test images in 10 classes, kept in this browser.',
    );
    // New workers, asked to load the kept data.
    expect(workers.trainers.length).toBe(loadsBefore + 1);
    expect(workers.trainer.sentOf('load')).toEqual([
      expect.objectContaining({ type: 'load', dataset: 'own' }),
    ]);
  });

  it('loads them again when "own" is the dataset already (a new set replaces the old)', async () => {
    const own = fakeOwnData(SUMMARY);
    const { store, workers } = storeHarness('?dataset=own', null, own.source);
    store.start();
    const before = workers.trainers.length;
    const loading = store.loadIdxFiles([file('a')]);
    own.imports[0]!.resolve({ ...SUMMARY, name: 'emnist-balanced', classCount: 47 });
    await loading;
    expect(workers.trainers.length).toBe(before + 1);
    expect(workers.trainer.sentOf('load')[0]!.dataset).toBe('own');
  });

  it('refused files: an error to show, and the workers and the run untouched', async () => {
    const own = fakeOwnData();
    const { store, clock, workers, dataReady, modelReady } = storeHarness('', null, own.source);
    store.start();
    dataReady();
    modelReady();
    const trainer = workers.trainer;
    const loading = store.loadIdxFiles([file('x')]);
    own.imports[0]!.reject(new Error('x is not an IDX file of images or labels.'));
    await loading;
    clock.advance(FRAME_MS);
    const s = store.getState();
    expect(s.dataImportBusy).toBe(false);
    expect(s.dataImportError).toBe('x is not an IDX file of images or labels.');
    expect(s.config.dataset).toBe('mnist');
    expect(s.dataReady).toBe(true);
    expect(workers.trainer).toBe(trainer);
    store.dismissDataImportError();
    clock.advance(FRAME_MS);
    expect(store.getState().dataImportError).toBeNull();
  });

  it('removing the data forgets it, and training on it goes back to MNIST', async () => {
    const own = fakeOwnData(SUMMARY);
    const { store, clock, workers } = storeHarness('?dataset=own', null, own.source);
    await flush();
    store.start();
    await store.removeOwnData();
    clock.advance(FRAME_MS);
    expect(own.removed()).toBe(1);
    expect(store.getState().ownData).toBeNull();
    expect(store.getState().config.dataset).toBe('mnist');
    expect(workers.trainer.sentOf('load')[0]!.dataset).toBe('mnist');
  });
});

describe('Store: a person’s images', () => {
  const images = [{ file: file('a.png'), path: 'pets/cats/a.png' }];
  const preview = {
    name: 'pets',
    classNames: ['cats', 'dogs'],
    trainCount: 170,
    testCount: 30,
    skipped: [],
    pixels: new Uint8Array(784),
    labels: [0],
  };

  it('reads them into a preview with the seed and the chosen preparation, the run untouched', async () => {
    const own = fakeOwnData();
    const { store, clock, workers } = storeHarness('?seed=5', null, own.source);
    store.start();
    const trainer = workers.trainer;
    const reading = store.readImages(images);
    expect(store.getState().imageProgress).toEqual({ done: 0, total: 0 });
    expect(own.reads[0]).toMatchObject({
      files: images,
      seed: 5,
      options: { fit: 'fit', invert: false },
    });
    own.reads[0]!.progress(1, 2);
    clock.advance(FRAME_MS);
    expect(store.getState().imageProgress).toEqual({ done: 1, total: 2 });
    own.reads[0]!.resolve(preview);
    await reading;
    clock.advance(FRAME_MS);
    expect(store.getState().imagePreview).toBe(preview);
    expect(store.getState().dataImportBusy).toBe(false);
    expect(store.getState().imageProgress).toBeNull();
    expect(workers.trainer).toBe(trainer);
  });

  it('reads them again when the preparation changes, and drops the older answer', async () => {
    const own = fakeOwnData();
    const { store, clock } = storeHarness('', null, own.source);
    void store.readImages(images);
    store.setImageOptions({ invert: true });
    expect(own.reads).toHaveLength(2);
    expect(own.reads[1]!.options).toEqual({ fit: 'fit', invert: true });
    own.reads[0]!.resolve({ ...preview, name: 'old' });
    own.reads[1]!.resolve(preview);
    await flush();
    clock.advance(FRAME_MS);
    expect(store.getState().imagePreview).toBe(preview);
  });

  it('Train on these keeps the set and trains on it; Cancel lets it go', async () => {
    const own = fakeOwnData();
    const { store, clock, workers } = storeHarness('', null, own.source);
    store.start();
    const reading = store.readImages(images);
    own.reads[0]!.resolve(preview);
    await reading;
    const training = store.trainOnImages();
    own.keeps[0]!.resolve({
      ...SUMMARY,
      name: 'pets',
      source: 'images',
      classCount: 2,
      classNames: ['cats', 'dogs'],
    });
    await training;
    clock.advance(FRAME_MS);
    expect(store.getState().imagePreview).toBeNull();
    expect(store.getState().config.dataset).toBe('own');
    expect(store.getState().ownData?.classNames).toEqual(['cats', 'dogs']);
    expect(workers.trainer.sentOf('load')[0]!.dataset).toBe('own');

    void store.readImages(images);
    own.reads[1]!.resolve(preview);
    await flush();
    store.cancelImages();
    clock.advance(FRAME_MS);
    expect(own.dropped()).toBe(1);
    expect(store.getState().imagePreview).toBeNull();
  });

  it('images that cannot make a set: the error to show, no preview', async () => {
    const own = fakeOwnData();
    const { store, clock } = storeHarness('', null, own.source);
    const reading = store.readImages(images);
    own.reads[0]!.reject(
      new Error('Only 20 images could be used; the playground needs at least 100.'),
    );
    await reading;
    clock.advance(FRAME_MS);
    expect(store.getState().dataImportError).toBe(
      'Only 20 images could be used; the playground needs at least 100.',
    );
    expect(store.getState().imagePreview).toBeNull();
    expect(store.getState().dataImportBusy).toBe(false);
  });
});
