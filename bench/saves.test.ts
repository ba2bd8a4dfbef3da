// The autosave's schedule as the benchmark judges it from the recorded writes, and the soak's
// helpers that pick what to compare.
import { describe, expect, test } from 'vitest';
import type { SaveRecord } from './putProbe';
import { longTaskCauses, saveSchedule, trainingIntervals, writeStats } from './saves';
import { MAX_RUNS } from '../src/state/runArchive';
import {
  codeBytesOf,
  lossMinutes,
  newSince,
  runsTableFull,
  sameLatent,
  type SoakSample,
} from './sections/soak';
import { soakTargets } from './targets';

const every = (from: number, to: number, step: number): number[] => {
  const out: number[] = [];
  for (let t = from; t <= to; t += step) out.push(t);
  return out;
};

describe('trainingIntervals', () => {
  test('clips the running stretches to the window and ignores repeated marks', () => {
    const marks = [
      { t: 0, running: false },
      { t: 100, running: true },
      { t: 500, running: true },
      { t: 900, running: false },
      { t: 1200, running: true },
    ];
    expect(trainingIntervals(marks, 200, 2000)).toEqual([
      [200, 900],
      [1200, 2000],
    ]);
    expect(trainingIntervals(marks, 950, 1100)).toEqual([]);
    expect(trainingIntervals([], 0, 1000)).toEqual([]);
  });
});

describe('saveSchedule', () => {
  test('a write every 10 s of training is on schedule', () => {
    const s = saveSchedule(every(10_050, 120_000, 10_000), [[0, 120_000]]);
    expect(s).toMatchObject({ count: 11, trainingSeconds: 120, expected: 12, gapsOver: 0 });
    expect(s.maxGapMs).toBe(10_050);
    expect(s.onSchedule).toBe(true);
  });

  test('a missed write is a gap over 15 s, and says whether a rebuild began in it', () => {
    const starts = every(10_000, 120_000, 10_000).filter((t) => t !== 50_000);
    const s = saveSchedule(starts, [[0, 120_000]], [45_000]);
    expect(s).toMatchObject({ maxGapMs: 20_000, gapsOver: 1, gapsOverWithRebuild: 1 });
    expect(s.onSchedule).toBe(false);
    expect(saveSchedule(starts, [[0, 120_000]], [5_000]).gapsOverWithRebuild).toBe(0);
  });

  test('too many writes is off schedule too; writes while paused do not count', () => {
    const often = saveSchedule(every(2_000, 120_000, 2_000), [[0, 120_000]]);
    expect(often).toMatchObject({ gapsOver: 0, count: 60 });
    expect(often.onSchedule).toBe(false);
    const paused = saveSchedule(
      [...every(10_000, 60_000, 10_000), 61_000, ...every(75_000, 125_000, 10_000)],
      [
        [0, 60_500],
        [65_000, 125_000],
      ],
    );
    expect(paused).toMatchObject({ count: 12, trainingSeconds: 120.5, gapsOver: 0 });
    expect(paused.onSchedule).toBe(true);
  });

  test('the end of training without a write is a gap too; no training is never on schedule', () => {
    expect(saveSchedule([10_000], [[0, 40_000]]).maxGapMs).toBe(30_000);
    expect(saveSchedule([], []).onSchedule).toBe(false);
  });
});

describe('writeStats', () => {
  const rec = (
    start: number,
    end: number | null,
    syncMs: number,
    ok: boolean | null,
    thread: SaveRecord['thread'] = 'worker',
  ) => ({ thread, start, end, syncMs, ok, bytes: 1000 + start }) satisfies SaveRecord;
  test('duration of the committed writes, the longest put() in the worker, the largest record', () => {
    const w = writeStats([rec(0, 80, 20, true), rec(100, 300, 35, true), rec(400, null, 5, null)]);
    expect(w).toEqual({
      count: 3,
      failed: 0,
      writeMsP50: 80,
      writeMsMax: 200,
      workerPutMsMax: 35,
      pagePuts: 0,
      pagePutMsMax: null,
      bytesMax: 1400,
    });
    expect(writeStats([rec(0, 10, 1, false)]).failed).toBe(1);
    expect(writeStats([])).toMatchObject({ count: 0, writeMsP50: null, workerPutMsMax: null });
  });

  test('a put() on the page counts as a write and as a put on the main thread, apart from the worker’s', () => {
    const w = writeStats([rec(0, 80, 20, true), rec(500, 600, 61, true, 'page')]);
    expect(w).toMatchObject({ count: 2, workerPutMsMax: 20, pagePuts: 1, pagePutMsMax: 61 });
  });
});

describe('longTaskCauses', () => {
  const onPage = {
    thread: 'page',
    start: 1000,
    syncMs: 40,
    end: 1100,
    ok: true,
    bytes: 1,
  } as const;
  const inWorker = { ...onPage, thread: 'worker', start: 3000, end: 3200 } as const;
  test('a task over a put() on the page is the put’s, one just after a click the click’s', () => {
    const tasks = [
      { start: 990, duration: 60 },
      { start: 5100, duration: 70 },
      { start: 5600, duration: 55 },
      { start: 9000, duration: 51 },
    ];
    expect(
      longTaskCauses(
        tasks,
        [onPage],
        [
          [5000, 5300],
          [8000, 8300],
        ],
      ),
    ).toEqual({ put: 1, write: 0, action: 1, other: 2 });
    expect(longTaskCauses([], [onPage], [])).toEqual({ put: 0, write: 0, action: 0, other: 0 });
  });

  test('a task during a write of the worker, from its put() to its commit, is the write’s', () => {
    const tasks = [
      { start: 2950, duration: 60 }, // over the worker's put() call
      { start: 3150, duration: 60 }, // after the put(), before the commit
      { start: 3250, duration: 60 }, // after the commit
      { start: 1020, duration: 60 }, // over a put() on the page: that one's
    ];
    expect(longTaskCauses(tasks, [onPage, inWorker], [])).toEqual({
      put: 1,
      write: 2,
      action: 0,
      other: 1,
    });
    // A write not committed yet counts from its put() to the put's end.
    const open = { ...inWorker, end: null };
    expect(longTaskCauses(tasks.slice(0, 2), [open], [])).toMatchObject({ write: 1, other: 1 });
  });
});

describe('the soak helpers', () => {
  test('newSince finds the new latencies after the previous tail, also once the list is capped', () => {
    expect(newSince([], [1, 2])).toEqual([1, 2]);
    expect(newSince([2, 3], [1, 2, 3, 4, 5])).toEqual([4, 5]);
    // The page dropped the oldest entries: the tail is found where it now is.
    expect(newSince([2, 3], [3, 9, 2, 3, 7])).toEqual([7]);
    expect(newSince([2, 3], [2, 3])).toEqual([]);
  });

  test('the losses fall after the baseline and before the last sample', () => {
    expect(lossMinutes(20)).toEqual([2, 20]);
    expect(lossMinutes(3)).toEqual([2, 3]);
    expect(lossMinutes(2)).toEqual([2, 2]);
  });

  const sample = (minute: number, latent: number, numTensors: number, extra = {}): SoakSample => ({
    minute,
    latent,
    backend: 'webgl',
    numTensors,
    numBytes: 1000,
    numBytesInGPU: 5000,
    heapBytes: 10_000_000,
    settleMs: 1000,
    ...extra,
  });

  test('sameLatent picks the latest sample of the baseline’s model', () => {
    const s = [sample(1, 17, 11), sample(2, 16, 11), sample(3, 17, 11), sample(4, 16, 11)];
    expect(sameLatent(s)?.minute).toBe(3);
    expect(sameLatent([])).toBeNull();
  });

  test('codeBytesOf sums the self sizes of the snapshot’s code nodes', () => {
    const snapshot = {
      snapshot: {
        meta: {
          node_fields: ['type', 'name', 'id', 'self_size', 'edge_count'],
          node_types: [['hidden', 'object', 'code', 'string']],
        },
      },
      // type, name, id, self_size, edge_count
      nodes: [1, 0, 1, 100, 0, 2, 0, 2, 40, 0, 3, 0, 3, 7, 0, 2, 0, 4, 2, 0],
    };
    expect(codeBytesOf(snapshot)).toBe(42);
    expect(() =>
      codeBytesOf({ ...snapshot, snapshot: { meta: { node_fields: ['type'], node_types: [[]] } } }),
    ).toThrow(/code/);
  });

  test('runsTableFull: the sample of minute MAX_RUNS, when a later one follows it', () => {
    const run = (n: number) =>
      Array.from({ length: n }, (_, i) => sample(i + 1, i % 2 ? 16 : 17, 11));
    expect(runsTableFull(run(20))?.minute).toBe(MAX_RUNS);
    expect(runsTableFull(run(MAX_RUNS))).toBeNull();
    expect(runsTableFull(run(5))).toBeNull();
  });

  test('the verdicts: one tensor more at any rebuild fails, a heap 10% larger passes, 11% fails', () => {
    const phase = (samples: SoakSample[], writes: SaveRecord[] = []) => ({
      label: 'webgl',
      query: '?backend=webgl',
      minutes: samples.length,
      samples,
      rebuilds: samples.length,
      strokes: 10,
      drawP95FirstMs: 20,
      drawP95LastMs: 20,
      plannedLosses: 2,
      losses: [
        { minute: 2, stepAtLoss: 10, resumedFrom: 9, recoverMs: 900, backendAfter: 'webgl' },
        { minute: 3, stepAtLoss: 20, resumedFrom: null, recoverMs: null, backendAfter: 'webgl' },
      ],
      longTasks: 0,
      longTaskMaxMs: 0,
      longTaskCauses: null,
      longTasksByMinute: null,
      writes: writeStats(writes),
      schedule: saveSchedule([], []),
      trainedExamples: 1000,
      backend: 'webgl',
      webglRenderer: null,
      error: null,
    });
    const verdicts = (samples: SoakSample[]) =>
      Object.fromEntries(
        soakTargets(phase(samples)).map((t) => [t.name.replace('soak webgl: ', ''), t.pass]),
      );
    expect(
      verdicts([
        sample(1, 17, 11),
        sample(2, 16, 12),
        sample(3, 17, 11, { heapBytes: 11_000_000 }),
      ]),
    ).toEqual({
      'numTensors flat': false,
      'GPU bytes flat': true,
      'JS heap': true,
      'autosaves on schedule': null,
      'no put() on the main thread': true,
      'context losses survived': false,
    });
    expect(
      verdicts([
        sample(1, 17, 11),
        sample(2, 16, 11),
        sample(3, 17, 11, { heapBytes: 11_100_000, numBytesInGPU: 6000 }),
      ]),
    ).toMatchObject({ 'numTensors flat': true, 'GPU bytes flat': false, 'JS heap': false });
    // The page wrote the record itself while it trained: its main thread made the clone.
    const pagePut = { thread: 'page', start: 5, syncMs: 60, end: 90, ok: true, bytes: 9 } as const;
    const judged = soakTargets(phase([sample(1, 17, 11), sample(2, 16, 11)], [pagePut]));
    expect(judged.find((t) => t.name.endsWith('no put() on the main thread'))).toMatchObject({
      value: 1,
      pass: false,
    });
    // Twenty minutes: the heap fills until the Runs table is full (minute MAX_RUNS), then holds.
    const filling = (after: (minute: number) => number) =>
      Array.from({ length: 20 }, (_, i) =>
        sample(i + 1, i % 2 ? 16 : 17, 11, {
          heapBytes: i + 1 <= MAX_RUNS ? 8_000_000 + 150_000 * i : after(i + 1),
        }),
      );
    const atFull = 8_000_000 + 150_000 * (MAX_RUNS - 1);
    const holds = verdicts(filling((m) => atFull + (m % 2 ? 40_000 : -40_000)));
    expect(holds).toMatchObject({ 'JS heap': false, 'JS heap, Runs table full': true });
    // Still growing once the table is full: a leak, which fails from that point too.
    const leaks = verdicts(filling((m) => atFull + 150_000 * (m - MAX_RUNS)));
    expect(leaks).toMatchObject({ 'JS heap': false, 'JS heap, Runs table full': false });
    // A phase shorter than the table has no such verdict.
    expect(verdicts([sample(1, 17, 11), sample(2, 16, 11)])).not.toHaveProperty(
      'JS heap, Runs table full',
    );
    // The heap less V8's compiled code: the code may grow, the page's data may not.
    const warming = (dataAtEnd: number) => [
      sample(1, 17, 11, { heapBytes: 8_000_000, codeBytes: 2_000_000 }),
      sample(2, 16, 11, { heapBytes: 10_000_000, codeBytes: 4_000_000 - (dataAtEnd - 6_000_000) }),
    ];
    expect(verdicts(warming(6_600_000))).toMatchObject({
      'JS heap': false,
      'JS heap without compiled code': true,
    });
    expect(verdicts(warming(6_700_000))).toMatchObject({ 'JS heap without compiled code': false });
    // Samples without the code measured have no such verdict.
    expect(verdicts([sample(1, 17, 11), sample(2, 16, 11)])).not.toHaveProperty(
      'JS heap without compiled code',
    );
    // One sample (the run stopped in minute 2): nothing to compare, so no verdict.
    expect(verdicts([sample(1, 17, 11)])).toMatchObject({
      'numTensors flat': null,
      'GPU bytes flat': null,
      'JS heap': null,
    });
  });
});
