// What the recorded IndexedDB writes say: how long a write takes, and whether the run was saved
// on schedule while it trained (src/persist/autosave.ts: at most every 10 s while training).
import type { RunningMark, SaveRecord } from './pageProbes';
import { percentile, round } from './util';

/** The app's autosave interval while training (AUTOSAVE_MS). */
export const SAVE_EVERY_MS = 10_000;
/** The longest a run may train without a write and still count as saved on schedule. */
export const SAVE_GAP_LIMIT_MS = 15_000;

export interface WriteStats {
  count: number;
  /** Failed or aborted transactions (the app then stops saving and says so). */
  failed: number;
  /** Call of `put` to the transaction's completion, in ms. */
  writeMsP50: number | null;
  writeMsMax: number | null;
  /** The longest `put` call itself: the record's structured clone, on the main thread. */
  syncMsMax: number | null;
  /** The largest record's typed arrays, in bytes. */
  bytesMax: number | null;
}

export function writeStats(saves: readonly SaveRecord[]): WriteStats {
  const done = saves.filter((s) => s.end !== null);
  const ms = done.map((s) => s.end! - s.start);
  return {
    count: saves.length,
    failed: saves.filter((s) => s.ok === false).length,
    writeMsP50: round(percentile(ms, 50), 1),
    writeMsMax: ms.length ? round(Math.max(...ms), 1) : null,
    syncMsMax: saves.length ? round(Math.max(...saves.map((s) => s.syncMs)), 1) : null,
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

/** What a long task overlapped: a `put` (the record's clone), an action of the harness, or neither. */
export type Cause = 'put' | 'action' | 'other';

/** How long after a click its work (React's render of the new state) counts as the click's. */
export const CLICK_MS = 300;

/** `actions`: when the harness clicked, pressed a key or waited for what that began, [from, to]. */
export function longTaskCauses(
  tasks: readonly { start: number; duration: number }[],
  saves: readonly SaveRecord[],
  actions: readonly (readonly [number, number])[],
): Record<Cause, number> {
  const out: Record<Cause, number> = { put: 0, action: 0, other: 0 };
  for (const t of tasks) {
    const end = t.start + t.duration;
    if (saves.some((s) => s.start <= end && s.start + s.syncMs >= t.start)) out.put++;
    else if (actions.some(([a, b]) => a <= end && b >= t.start)) out.action++;
    else out.other++;
  }
  return out;
}
