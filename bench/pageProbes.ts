// What the benchmark records inside the app's page from before its first script: main-thread
// long tasks, every IndexedDB write to the app's database (how long it took, how much it held),
// and when the run was training. Instrumentation of the harness: the product knows nothing of it.
import type { Page } from '@playwright/test';
import { STATUS_DATA, STATUS_SELECTOR } from '../src/ui/statusContract';
import type { PlaygroundWindow } from './probes';

/** The database the app keeps the run in (src/persist/runStore.ts). */
export const APP_DB = 'autoencoder-playground';

/** One `put` into the app's database, in the page's clock. */
export interface SaveRecord {
  /** When `put` was called: idb opens the transaction just before, so the write starts here. */
  start: number;
  /** How long `put` itself held the main thread: the structured clone of the record. */
  syncMs: number;
  /** When the transaction completed (or failed); null while it is still open. */
  end: number | null;
  ok: boolean | null;
  /** The typed arrays' bytes in the record (the weights and Adam's moments): most of its size. */
  bytes: number;
}

/** A change of the status element's `running` field, in the page's clock. */
export interface RunningMark {
  t: number;
  running: boolean;
}

export interface ProbeArgs {
  db: string;
  selector: string;
  runningKey: string;
}

/** The init script: runs in the page before the app, so nothing it watches is missed. */
export function installPageProbes({ db, selector, runningKey }: ProbeArgs): void {
  const w = window as unknown as PlaygroundWindow;
  w.__longTasks = [];
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries())
        w.__longTasks?.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch {
    w.__longTasks = null;
  }

  const saves: SaveRecord[] = [];
  w.__saves = saves;
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

  // Polled rather than observed: the status element is created by React long after this runs.
  const marks: RunningMark[] = [];
  w.__running = marks;
  let last: string | undefined;
  setInterval(() => {
    const v = document.querySelector<HTMLElement>(selector)?.dataset[runningKey];
    if (v === undefined || v === last) return;
    last = v;
    marks.push({ t: performance.now(), running: v === 'true' });
  }, 200);
}

export const PROBE_ARGS: ProbeArgs = {
  db: APP_DB,
  selector: STATUS_SELECTOR,
  runningKey: 'running' satisfies keyof typeof STATUS_DATA,
};

/** The page's clock now. */
export const pageNow = (page: Page): Promise<number> => page.evaluate(() => performance.now());

/** The writes to the app's database so far. */
export const saves = (page: Page): Promise<SaveRecord[]> =>
  page.evaluate(() => [...((window as unknown as PlaygroundWindow).__saves ?? [])]);

/** The training on/off changes so far. */
export const runningMarks = (page: Page): Promise<RunningMark[]> =>
  page.evaluate(() => [...((window as unknown as PlaygroundWindow).__running ?? [])]);

/** The long tasks so far; null where the browser has no long-task timing. */
export const longTasks = (page: Page) =>
  page.evaluate(() => {
    const t = (window as unknown as PlaygroundWindow).__longTasks;
    return t ? [...t] : null;
  });
