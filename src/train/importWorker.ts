// Reads the files a person chose as their dataset, off the page's thread: unpacks them, checks
// them (src/data/idxSet.ts) and keeps the dataset in the browser (src/persist/dataDb.ts), where
// the training worker loads it like any other. One worker per import; the page ends it after the
// answer. The model that is training is not touched, whatever the files hold.
import { gunzipIfNeeded, IdxError } from '../data/idx';
import { assembleIdxSet, idxSetName, OWN_DATA_LIMITS } from '../data/idxSet';
import { OWN_DATA_VERSION, putOwnData, summaryOf, type OwnDataRecord } from '../persist/dataDb';
import { PersistError } from '../persist/runDb';
import type { FromImport, ToImport } from './protocol';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const post = (msg: FromImport) => scope.postMessage(msg);

/** The largest IDX file the limits allow, unpacked: the most training images and a header. */
const MAX_UNPACKED = 16 + OWN_DATA_LIMITS.maxTrain * 784;

async function importIdx(files: File[]): Promise<void> {
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
  post({ type: 'dataKept', summary: summaryOf(record) });
}

scope.onmessage = (ev: MessageEvent<ToImport>) => {
  const msg = ev.data;
  switch (msg.type) {
    case 'idx':
      importIdx(msg.files).catch((err: unknown) =>
        post({
          type: 'dataRefused',
          message:
            err instanceof IdxError || err instanceof PersistError
              ? err.message
              : `The files could not be read (${err instanceof Error ? err.message : String(err)}).`,
        }),
      );
      return;
  }
};
