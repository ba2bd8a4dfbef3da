// The saved run in IndexedDB, through `idb`. One record, replaced at each save. Every failure
// becomes a PersistError with a kind the page can explain; nothing here throws anything else.
import { openDB, type IDBPDatabase } from 'idb';
import { readSavedRun, type SavedRun } from './savedRun';

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

/** What the store needs of a place to keep the run; tests in the browser use the real one. */
export interface RunStore {
  /** The saved run, or null (none, or one this version cannot resume: `discarded` says so). */
  load(): Promise<{ run: SavedRun | null; discarded: boolean }>;
  save(run: SavedRun): Promise<void>;
  clear(): Promise<void>;
}

function explain(err: unknown, doing: string): PersistError {
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

/** Opens the browser's store; rejects with a PersistError where IndexedDB is missing or refused. */
export async function openRunStore(): Promise<RunStore> {
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
    async load() {
      try {
        const value: unknown = await db.get(STORE, KEY);
        if (value === undefined) return { run: null, discarded: false };
        const run = readSavedRun(value);
        return { run, discarded: run === null };
      } catch (err) {
        throw explain(err, 'read');
      }
    },
    async save(run) {
      try {
        await db.put(STORE, run, KEY);
      } catch (err) {
        throw explain(err, 'save');
      }
    },
    async clear() {
      try {
        await db.delete(STORE, KEY);
      } catch (err) {
        throw explain(err, 'clear');
      }
    },
  };
}
