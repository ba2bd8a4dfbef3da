// The saved run as the page sees it: read and checked (an older version's record is set aside),
// written as the page closes, cleared on Start over. While it trains, the training worker writes
// it (src/train/worker.ts, through the same RunDb).
import { explain, openRunDb } from './runDb';
import { readSavedRun, type SavedRun } from './savedRun';

export { PersistError, type PersistErrorKind } from './runDb';

/** What the store needs of a place to keep the run; tests in the browser use the real one. */
export interface RunStore {
  /** The saved run, or null (none, or one this version cannot resume: `discarded` says so). */
  load(): Promise<{ run: SavedRun | null; discarded: boolean }>;
  save(run: SavedRun): Promise<void>;
  clear(): Promise<void>;
}

/** Opens the browser's store; rejects with a PersistError where IndexedDB is missing or refused. */
export async function openRunStore(): Promise<RunStore> {
  const db = await openRunDb();
  return {
    async load() {
      const value = await db.get();
      if (value === undefined) return { run: null, discarded: false };
      try {
        const run = readSavedRun(value);
        return { run, discarded: run === null };
      } catch (err) {
        throw explain(err, 'read');
      }
    },
    save: (run) => db.put(run),
    clear: () => db.delete(),
  };
}
