// The benchmark's record of the app's IndexedDB writes, in whichever thread makes them: the
// training worker writes the autosave (src/train/worker.ts), the page only the record it leaves
// as it closes (src/state/keeper.ts). The same probe runs in both, installed before the app's
// own code (an init script in the page, a prelude to the served worker script), and each thread
// keeps its records in its own clock; `inPageClock` puts them on the page's. Instrumentation of
// the harness: the product knows nothing of it.

/** The database the app keeps the run in (src/persist/runDb.ts). */
export const APP_DB = 'autoencoder-playground';

/** Where a put() ran. */
export type PutThread = 'page' | 'worker';

/** One `put` into the app's database. */
export interface SaveRecord {
  thread: PutThread;
  /** When `put` was called: idb opens the transaction just before, so the write starts here. */
  start: number;
  /** How long `put` itself held its thread: the structured clone of the record. */
  syncMs: number;
  /** When the transaction completed (or failed); null while it is still open. */
  end: number | null;
  ok: boolean | null;
  /** The typed arrays' bytes in the record (the weights and Adam's moments): most of its size. */
  bytes: number;
}

export interface PutProbeArgs {
  db: string;
  thread: PutThread;
}

/**
 * Wraps IDBObjectStore.prototype.put of this thread (a window or a worker) so that every put into
 * the app's database is recorded in `globalThis.__saves`. Self-contained: it is sent as source
 * text to the page and to the training worker.
 */
export function installPutProbe({ db, thread }: PutProbeArgs): void {
  const scope = globalThis as unknown as { __saves?: SaveRecord[] };
  const saves: SaveRecord[] = [];
  scope.__saves = saves;
  const typedBytes = (value: unknown, seen: Set<unknown>, depth: number): number => {
    if (value === null || typeof value !== 'object' || seen.has(value) || depth > 8) return 0;
    seen.add(value);
    if (ArrayBuffer.isView(value)) return value.byteLength;
    if (value instanceof ArrayBuffer) return value.byteLength;
    let n = 0;
    for (const v of Object.values(value as Record<string, unknown>))
      n += typedBytes(v, seen, depth + 1);
    return n;
  };
  const put = IDBObjectStore.prototype.put;
  IDBObjectStore.prototype.put = function (
    this: IDBObjectStore,
    value: unknown,
    key?: IDBValidKey,
  ) {
    const tx = this.transaction;
    if (tx.db.name !== db) return put.call(this, value, key);
    const start = performance.now();
    const request = put.call(this, value, key);
    const rec: SaveRecord = {
      thread,
      start,
      syncMs: performance.now() - start,
      end: null,
      ok: null,
      bytes: typedBytes(value, new Set(), 0),
    };
    saves.push(rec);
    const done = (ok: boolean) => () => {
      if (rec.end !== null) return;
      rec.end = performance.now();
      rec.ok = ok;
    };
    tx.addEventListener('complete', done(true));
    tx.addEventListener('abort', done(false));
    tx.addEventListener('error', done(false));
    return request;
  };
}

/** One thread's records as read, with its clock's origin (`performance.timeOrigin`). */
export interface ThreadSaves {
  timeOrigin: number;
  saves: SaveRecord[];
}

/**
 * The records of a thread whose clock starts at `from.timeOrigin`, in the clock of a thread that
 * starts at `pageOrigin`: both origins are wall-clock ms of the same browser, so a time moves by
 * their difference.
 */
export function inPageClock(from: ThreadSaves, pageOrigin: number): SaveRecord[] {
  const shift = from.timeOrigin - pageOrigin;
  return from.saves.map((s) => ({
    ...s,
    start: s.start + shift,
    end: s.end === null ? null : s.end + shift,
  }));
}

/**
 * The writes of a page and of its training workers over a long run. A worker's records are read
 * again at each collection (a write's commit comes after its put), and those of a worker that
 * was replaced stay as last read.
 */
export class SaveLog {
  /** Each worker's latest reading, by its clock's origin. */
  private readonly workers = new Map<number, ThreadSaves>();
  private page: ThreadSaves | null = null;

  /** Takes one reading: the page's own records and those of the workers alive now. */
  add(page: ThreadSaves, workers: readonly ThreadSaves[]): void {
    this.page = page;
    for (const w of workers) this.workers.set(w.timeOrigin, w);
  }

  /** Every write so far, in the page's clock, by start. */
  all(): SaveRecord[] {
    const page = this.page;
    if (!page) return [];
    const fromWorkers = [...this.workers.values()].flatMap((w) => inPageClock(w, page.timeOrigin));
    return [...page.saves, ...fromWorkers].sort((a, b) => a.start - b.start);
  }
}
