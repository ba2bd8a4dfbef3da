// The put probe and the clocks: what it records of a put into the app's database (and not of
// another database's), that the worker's prelude runs on its own as source text, and how the
// worker's times land on the page's clock.
import { runInNewContext } from 'node:vm';
import { describe, expect, test } from 'vitest';
import { APP_DB, inPageClock, installPutProbe, SaveLog, type SaveRecord } from './putProbe';
import { WORKER_PRELUDE } from './workerProbes';

/** An IndexedDB stand-in: put() takes `cloneMs` of the clock; the test completes or aborts. */
function fakeIdb(clock: { t: number }, cloneMs: number) {
  class Transaction {
    listeners = new Map<string, (() => void)[]>();
    constructor(readonly db: { name: string }) {}
    addEventListener(type: string, fn: () => void) {
      this.listeners.set(type, [...(this.listeners.get(type) ?? []), fn]);
    }
    fire(type: string) {
      for (const fn of this.listeners.get(type) ?? []) fn();
    }
  }
  const written: unknown[] = [];
  class IDBObjectStore {
    constructor(readonly transaction: Transaction) {}
    put(value: unknown) {
      clock.t += cloneMs;
      written.push(value);
      return { request: written.length };
    }
  }
  const store = (db: string) => new IDBObjectStore(new Transaction({ name: db }));
  return { IDBObjectStore, store, written };
}

const record = (weights: number) => ({
  config: { latent: 16 },
  snapshot: {
    weights: [new Float32Array(weights), new Float32Array(10)],
    optimizer: { m: [new Float32Array(weights)], v: [new ArrayBuffer(8)] },
  },
});

describe('installPutProbe', () => {
  test('records each put into the app’s database, its clone time, bytes and outcome', () => {
    const clock = { t: 100 };
    const idb = fakeIdb(clock, 40);
    const scope = {
      IDBObjectStore: idb.IDBObjectStore,
      performance: { now: () => clock.t },
      ArrayBuffer,
      Object,
      Set,
    } as unknown as { __saves?: SaveRecord[] };
    runInNewContext(
      `(${installPutProbe.toString()})(${JSON.stringify({ db: APP_DB, thread: 'worker' })})`,
      {
        ...scope,
        globalThis: scope,
        __name: (f: unknown) => f,
      },
    );
    const a = idb.store(APP_DB);
    const answer = a.put(record(100));
    // The app's own put still happens, and its request comes back.
    expect(answer).toEqual({ request: 1 });
    expect(idb.written).toHaveLength(1);
    // Another database's writes are not the app's.
    idb.store('other').put(record(5));
    const b = idb.store(APP_DB);
    b.put(record(3));
    clock.t = 300;
    a.transaction.fire('complete');
    a.transaction.fire('error'); // after the outcome: ignored
    clock.t = 350;
    b.transaction.fire('abort');
    expect(scope.__saves).toEqual([
      { thread: 'worker', start: 100, syncMs: 40, end: 300, ok: true, bytes: 848 },
      { thread: 'worker', start: 180, syncMs: 40, end: 350, ok: false, bytes: 72 },
    ]);
  });
});

describe('the worker prelude', () => {
  test('runs as the first lines of a worker script, with nothing of the harness around it', () => {
    const clock = { t: 7 };
    const idb = fakeIdb(clock, 25);
    const contexts: string[] = [];
    class OffscreenCanvas {
      getContext(type: string) {
        contexts.push(type);
        return { type };
      }
    }
    const self: Record<string, unknown> = {
      IDBObjectStore: idb.IDBObjectStore,
      OffscreenCanvas,
      performance: { now: () => clock.t },
      // The records are made in this realm: its ArrayBuffer is the one they hold.
      ArrayBuffer,
    };
    self.self = self;
    self.globalThis = self;
    // The prelude then the worker's own code, in one script, in a scope of its own.
    runInNewContext(
      `${WORKER_PRELUDE}\nnew OffscreenCanvas().getContext('webgl2');\n` +
        `new OffscreenCanvas().getContext('2d');`,
      self,
    );
    expect(contexts).toEqual(['webgl2', '2d']);
    expect(self.__glContexts).toEqual([{ type: 'webgl2' }]);
    idb.store(APP_DB).put(record(1));
    expect(self.__saves).toEqual([
      { thread: 'worker', start: 7, syncMs: 25, end: null, ok: null, bytes: 56 },
    ]);
  });
});

const save = (thread: SaveRecord['thread'], start: number, end: number | null): SaveRecord => ({
  thread,
  start,
  syncMs: 30,
  end,
  ok: end === null ? null : true,
  bytes: 4_700_000,
});

describe('inPageClock', () => {
  test('moves a worker’s times by the difference of the two clocks’ origins', () => {
    // The worker started 2,500.25 ms after the page: its time 1,000 is the page's 3,500.25.
    const worker = { timeOrigin: 1_764_680_002_500.25, saves: [save('worker', 1000, 1084)] };
    expect(inPageClock(worker, 1_764_680_000_000)).toEqual([
      { ...save('worker', 3500.25, 3584.25), syncMs: 30 },
    ]);
    // A write still open stays open; the read itself is not changed.
    const open = { timeOrigin: 10_000, saves: [save('worker', 50, null)] };
    expect(inPageClock(open, 9_000)).toEqual([save('worker', 1050, null)]);
    expect(open.saves[0]!.start).toBe(50);
  });
});

describe('SaveLog', () => {
  test('merges the page’s and the workers’ writes in the page’s clock, by start', () => {
    const log = new SaveLog();
    expect(log.all()).toEqual([]);
    const page = { timeOrigin: 1000, saves: [save('page', 900, 950)] };
    log.add(page, [{ timeOrigin: 1500, saves: [save('worker', 100, null)] }]);
    expect(log.all().map((s) => [s.thread, s.start, s.end])).toEqual([
      ['worker', 600, null],
      ['page', 900, 950],
    ]);
    // Read again: the write has committed, and the worker made another.
    log.add(page, [
      { timeOrigin: 1500, saves: [save('worker', 100, 180), save('worker', 10_100, null)] },
    ]);
    expect(log.all().map((s) => [s.start, s.end])).toEqual([
      [600, 680],
      [900, 950],
      [10_600, null],
    ]);
  });

  test('a worker replaced since keeps its writes as last read; the new one adds its own', () => {
    const log = new SaveLog();
    const page = { timeOrigin: 0, saves: [] };
    log.add(page, [{ timeOrigin: 100, saves: [save('worker', 10, 90)] }]);
    log.add(page, [{ timeOrigin: 60_000, saves: [save('worker', 5, 70)] }]);
    expect(log.all().map((s) => s.start)).toEqual([110, 60_005]);
  });
});
