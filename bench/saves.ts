// What the recorded IndexedDB writes say: how long a write takes, and whether the run was saved
// on schedule while it trained (src/persist/autosave.ts: at most every 10 s while training).
import type { RunningMark } from './pageProbes';
import type { SaveRecord } from './putProbe';
import { percentile, round } from './util';

/** The app's autosave interval while training (AUTOSAVE_MS). */
export const SAVE_EVERY_MS = 10_000;
/** The longest a run may train without a write and still count as saved on schedule. */
export const SAVE_GAP_LIMIT_MS = 15_000;

export interface WriteStats {
  /** Writes in the page and in the training worker. */
  count: number;
  /** Failed or aborted transactions (the app then stops saving and says so). */
  failed: number;
  /** Call of `put` to the transaction's completion, in ms. */
  writeMsP50: number | null;
  writeMsMax: number | null;
  /** The longest `put` call in the training worker: the record's structured clone, off the page. */
  workerPutMsMax: number | null;
  /** `put` calls on the page's main thread (the app makes one as the page closes), the longest. */
  pagePuts: number;
  pagePutMsMax: number | null;
  /** The largest record's typed arrays, in bytes. */
  bytesMax: number | null;
}

const longest = (list: readonly number[]): number | null =>
  list.length ? round(Math.max(...list), 1) : null;

export function writeStats(saves: readonly SaveRecord[]): WriteStats {
  const done = saves.filter((s) => s.end !== null);
  const ms = done.map((s) => s.end! - s.start);
  const onPage = saves.filter((s) => s.thread === 'page');
  return {
    count: saves.length,
    failed: saves.filter((s) => s.ok === false).length,
    writeMsP50: round(percentile(ms, 50), 1),
    writeMsMax: longest(ms),
    workerPutMsMax: longest(saves.filter((s) => s.thread === 'worker').map((s) => s.syncMs)),
    pagePuts: onPage.length,
    pagePutMsMax: longest(onPage.map((s) => s.syncMs)),
    bytesMax: saves.length ? Math.max(...saves.map((s) => s.bytes)) : null,
  };
}

/** The stretches of [from, to] in which the status said the run was training. */
export function trainingIntervals(
  marks: readonly RunningMark[],
  from: number,
  to: number,
): [number, number][] {
  const out: [number, number][] = [];
  let running = false;
  let since = from;
  for (const m of marks) {
    if (m.t >= to) break;
    if (m.running === running) continue;
    if (m.t > from && running) out.push([since, m.t]);
    running = m.running;
    since = Math.max(from, m.t);
  }
  if (running && to > since) out.push([since, to]);
  return out;
}

export interface Schedule {
  /** Writes that began while the run trained. */
  count: number;
  trainingSeconds: number;
  /** One write per SAVE_EVERY_MS of training. */
  expected: number;
  /** The longest stretch of training without a write (from its start, between writes, to its end). */
  maxGapMs: number;
  /** Stretches longer than SAVE_GAP_LIMIT_MS, and how many of them a rebuild began in. */
  gapsOver: number;
  gapsOverWithRebuild: number;
  onSchedule: boolean;
}

/**
 * Whether the run was saved on schedule: no stretch of training longer than SAVE_GAP_LIMIT_MS
 * without a write, and about one write per SAVE_EVERY_MS (within 20%, or 2 for short runs).
 */
export function saveSchedule(
  saveStarts: readonly number[],
  training: readonly [number, number][],
  rebuilds: readonly number[] = [],
): Schedule {
  let count = 0;
  let totalMs = 0;
  let maxGapMs = 0;
  let gapsOver = 0;
  let gapsOverWithRebuild = 0;
  const sorted = [...saveStarts].sort((a, b) => a - b);
  for (const [a, b] of training) {
    totalMs += b - a;
    const inside = sorted.filter((t) => t >= a && t <= b);
    count += inside.length;
    const points = [a, ...inside, b];
    for (let i = 1; i < points.length; i++) {
      const gap = points[i]! - points[i - 1]!;
      maxGapMs = Math.max(maxGapMs, gap);
      if (gap > SAVE_GAP_LIMIT_MS) {
        gapsOver++;
        if (rebuilds.some((r) => r >= points[i - 1]! && r <= points[i]!)) gapsOverWithRebuild++;
      }
    }
  }
  const expected = totalMs / SAVE_EVERY_MS;
  const slack = Math.max(2, 0.2 * expected);
  return {
    count,
    trainingSeconds: round(totalMs / 1000, 1) ?? 0,
    expected: round(expected, 1) ?? 0,
    maxGapMs: round(maxGapMs) ?? 0,
    gapsOver,
    gapsOverWithRebuild,
    onSchedule: training.length > 0 && gapsOver === 0 && Math.abs(count - expected) <= slack,
  };
}

/**
 * What a long task of the page overlapped: a `put` on the page (the record's clone on the main
 * thread), a write of the training worker (its `put` to its commit), an action of the harness, or
 * none of them.
 */
export type Cause = 'put' | 'write' | 'action' | 'other';

/** How long after a click its work (React's render of the new state) counts as the click's. */
export const CLICK_MS = 300;

/** `actions`: when the harness clicked, pressed a key or waited for what that began, [from, to]. */
export function longTaskCauses(
  tasks: readonly { start: number; duration: number }[],
  saves: readonly SaveRecord[],
  actions: readonly (readonly [number, number])[],
): Record<Cause, number> {
  const out: Record<Cause, number> = { put: 0, write: 0, action: 0, other: 0 };
  for (const t of tasks) out[causeOf(t.start, t.start + t.duration, saves, actions)]++;
  return out;
}

function causeOf(
  from: number,
  to: number,
  saves: readonly SaveRecord[],
  actions: readonly (readonly [number, number])[],
): Cause {
  const overlaps = (a: number, b: number): boolean => a <= to && b >= from;
  const onPage = saves.filter((s) => s.thread === 'page');
  if (onPage.some((s) => overlaps(s.start, s.start + s.syncMs))) return 'put';
  const inWorker = saves.filter((s) => s.thread === 'worker');
  if (inWorker.some((s) => overlaps(s.start, s.end ?? s.start + s.syncMs))) return 'write';
  if (actions.some(([a, b]) => overlaps(a, b))) return 'action';
  return 'other';
}
