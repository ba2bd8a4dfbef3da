// Reads the files a person chose as their dataset, off the page's thread: unpacks them, checks
// them (src/data/idxSet.ts) and keeps the dataset in the browser (src/persist/dataDb.ts), where
// the training worker loads it like any other. One worker per import; the page ends it after the
// answer. The model that is training is not touched, whatever the files hold.
import { gunzipIfNeeded, IdxError } from '../data/idx';
import { assembleIdxSet, idxSetName, OWN_DATA_LIMITS } from '../data/idxSet';
import { assembleImageSet, imageSetName, ImageSetError, type ImageSet } from '../data/imageSet';
import { OWN_DATA_VERSION, putOwnData, summaryOf, type OwnDataRecord } from '../persist/dataDb';
import { PersistError } from '../persist/runDb';
import type { FromImport, ImageFile, ImageOptions, ImagePreview, ToImport } from './protocol';
import { readImages } from './readImages';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const post = (msg: FromImport, transfer: Transferable[] = []) => scope.postMessage(msg, transfer);

/** Images shown of each class in the preview, and in all. */
const PREVIEW_PER_CLASS = 4;
const PREVIEW_MAX = 40;

/** The largest IDX file the limits allow, unpacked: the most training images and a header. */
const MAX_UNPACKED = 16 + OWN_DATA_LIMITS.maxTrain * 784;

/** The request being answered: an `images` request stops once a newer one comes. */
let current = 0;

async function importIdx(id: number, files: File[]): Promise<void> {
  for (const f of files)
    if (f.size > MAX_UNPACKED)
      throw new IdxError(
        `${f.name} is ${Math.round(f.size / 2 ** 20)} MB, larger than the ` +
          `${OWN_DATA_LIMITS.maxTrain.toLocaleString('en-US')} images the playground takes.`,
      );
  const unpacked = await Promise.all(
    files.map(async (f) => ({
      name: f.name,
      bytes: await gunzipIfNeeded(new Uint8Array(await f.arrayBuffer()), f.name, MAX_UNPACKED),
    })),
  );
  const { data, classCount } = assembleIdxSet(unpacked);
  const record: OwnDataRecord = {
    version: OWN_DATA_VERSION,
    name: idxSetName(files.map((f) => f.name)),
    source: 'idx',
    classCount,
    trainCount: data.trainCount,
    testCount: data.testCount,
    savedAt: Date.now(),
    // Copies: the views into the files would keep (and store) the headers' buffers whole.
    trainPixels: data.trainPixels.slice(),
    trainLabels: data.trainLabels.slice(),
    testPixels: data.testPixels.slice(),
    testLabels: data.testLabels.slice(),
  };
  await putOwnData(record);
  post({ type: 'dataKept', id, summary: summaryOf(record) });
}

/** The set the last `images` prepared, which `keep` keeps. */
let prepared: (ImageSet & { name: string }) | null = null;

async function prepareImages(
  id: number,
  files: ImageFile[],
  options: ImageOptions,
  seed: number,
): Promise<void> {
  prepared = null;
  const read = await readImages(
    files,
    options,
    (done, total) => post({ type: 'imagesProgress', id, done, total }),
    () => current === id,
  );
  if (!read || current !== id) return;
  const { images, skipped } = read;
  const set = assembleImageSet(images, seed, skipped);
  // Named after the pictures' paths: a zip's entries sit under its name.
  prepared = { ...set, name: imageSetName(images.map((im) => im.path)) };
  const { data, classNames } = set;
  // A few training images of each class, in class order.
  const shown: number[] = [];
  for (let c = 0; c < classNames.length; c++) {
    let taken = 0;
    for (let i = 0; i < data.trainCount && taken < PREVIEW_PER_CLASS; i++)
      if (data.trainLabels[i] === c) {
        shown.push(i);
        taken++;
      }
  }
  const rows = shown.slice(0, PREVIEW_MAX);
  const pixels = new Uint8Array(rows.length * 784);
  rows.forEach((r, j) => pixels.set(data.trainPixels.subarray(r * 784, (r + 1) * 784), j * 784));
  const preview: ImagePreview = {
    name: prepared.name,
    classNames,
    trainCount: data.trainCount,
    testCount: data.testCount,
    skipped: set.skipped,
    pixels,
    labels: rows.map((r) => data.trainLabels[r]!),
  };
  post({ type: 'imagesRead', id, preview }, [pixels.buffer]);
}

async function keepImages(id: number): Promise<void> {
  if (!prepared) throw new ImageSetError('There are no images to keep: choose them again.');
  const { data, classNames, name } = prepared;
  const record: OwnDataRecord = {
    version: OWN_DATA_VERSION,
    name,
    source: 'images',
    classCount: classNames.length,
    classNames,
    trainCount: data.trainCount,
    testCount: data.testCount,
    savedAt: Date.now(),
    trainPixels: data.trainPixels,
    trainLabels: data.trainLabels,
    testPixels: data.testPixels,
    testLabels: data.testLabels,
  };
  await putOwnData(record);
  post({ type: 'dataKept', id, summary: summaryOf(record) });
}

/** A refusal's message: ours as they are, anything else said plainly. */
function refusal(err: unknown): string {
  return err instanceof IdxError || err instanceof PersistError || err instanceof ImageSetError
    ? err.message
    : `The files could not be read (${err instanceof Error ? err.message : String(err)}).`;
}

scope.onmessage = (ev: MessageEvent<ToImport>) => {
  const msg = ev.data;
  current = msg.id;
  const refuse = (err: unknown) => {
    if (current === msg.id) post({ type: 'dataRefused', id: msg.id, message: refusal(err) });
  };
  switch (msg.type) {
    case 'idx':
      importIdx(msg.id, msg.files).catch(refuse);
      return;
    case 'images':
      prepareImages(msg.id, msg.files, msg.options, msg.seed).catch(refuse);
      return;
    case 'keep':
      keepImages(msg.id).catch(refuse);
      return;
  }
};
