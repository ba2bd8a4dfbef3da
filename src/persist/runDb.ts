// The IndexedDB database that keeps the run, through `idb`: opened by the page (to read the saved
// run, clear it, and write it as the page closes) and by the training worker (the autosave, so
// the record's structured clone, megabytes of weights, is never made on the page's thread). It
// imports nothing of the page, so the worker can use it; every failure becomes a PersistError.
import { openDB, type IDBPDatabase } from 'idb';

const DB_NAME = 'autoencoder-playground';
const DB_VERSION = 1;
const STORE = 'runs';
const KEY = 'current';

export type PersistErrorKind = 'unavailable' | 'full' | 'failed';

export class PersistError extends Error {
  constructor(
    readonly kind: PersistErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'PersistError';
  }
}

/** Any failure of the storage as a PersistError with a message for a person. */
export function explain(err: unknown, doing: string): PersistError {
  if (err instanceof PersistError) return err;
  const name = err instanceof DOMException || err instanceof Error ? err.name : '';
  if (name === 'QuotaExceededError') {
    return new PersistError('full', 'The browser’s storage is full, so your model is not saved.');
  }
  if (name === 'InvalidStateError' || name === 'SecurityError' || name === 'UnknownError') {
    return new PersistError(
      'unavailable',
      'This browser does not let the page keep data (a private window?), so your model is not saved.',
    );
  }
  const detail = err instanceof Error ? err.message : String(err);
  return new PersistError('failed', `Could not ${doing} your saved model (${detail}).`);
}

/** The one record of the saved run: read, replaced whole, cleared. Values are not checked here. */
export interface RunDb {
  get(): Promise<unknown>;
  /**
   * Replaces the record. The value is copied (IndexedDB's structured clone) before this returns,
   * so its arrays may be transferred or changed at once; the promise settles on commit.
   */
  put(value: unknown): Promise<void>;
  delete(): Promise<void>;
}

/** Opens the database; rejects with a PersistError where IndexedDB is missing or refused. */
export async function openRunDb(): Promise<RunDb> {
  if (typeof indexedDB === 'undefined') {
    throw new PersistError(
      'unavailable',
      'This browser has no IndexedDB, so your model is not saved between visits.',
    );
  }
  let db: IDBPDatabase;
  try {
    db = await openDB(DB_NAME, DB_VERSION, {
      upgrade(d) {
        if (!d.objectStoreNames.contains(STORE)) d.createObjectStore(STORE);
      },
    });
  } catch (err) {
    throw explain(err, 'open');
  }
  return {
    get: () => db.get(STORE, KEY).catch((err: unknown) => Promise.reject(explain(err, 'read'))),
    put(value) {
      let written: Promise<unknown>;
      try {
        const tx = db.transaction(STORE, 'readwrite');
        written = Promise.all([tx.store.put(value, KEY), tx.done]);
      } catch (err) {
        // put() throws at once for a value it cannot clone, or a closed database.
        return Promise.reject(explain(err, 'save'));
      }
      return written.then(
        () => undefined,
        (err: unknown) => Promise.reject(explain(err, 'save')),
      );
    },
    delete: () =>
      db.delete(STORE, KEY).catch((err: unknown) => Promise.reject(explain(err, 'clear'))),
  };
}
