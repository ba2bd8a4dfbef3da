// What keeping the run costs the page: main-thread long tasks while the app autosaves (timed
// writes every 10 s of training, and the immediate ones of Pause), and how long a write takes,
// read from the IndexedDB writes the probes recorded in the training worker, which writes the
// record (bench/workerProbes.ts), and in the page (bench/pageProbes.ts), which should write none.
import type { BenchContext } from '../context';
import { longTasks, pageNow } from '../pageProbes';
import { assertNoPageErrors, assertTraining, status, waitStatus, type BenchPage } from '../probes';
import { SaveLog, type SaveRecord } from '../putProbe';
import { CLICK_MS, longTaskCauses, writeStats, type Cause, type WriteStats } from '../saves';
import { sleep } from '../util';
import { collectSaves } from '../workerProbes';

/** Pause/Train pairs at the end of the window: each Pause saves at once. */
export const AUTOSAVE_PAUSES = 3;

export interface AutosaveResult extends WriteStats {
  seconds: number;
  backend: string | null;
  /** Writes begun while the run trained (the timer's), and those begun while paused (Pause's). */
  timed: number;
  atPause: number;
  pauses: number;
  longTasks: number | null;
  longTaskMaxMs: number;
  /** The long tasks by what they overlapped. */
  longTaskCauses: Record<Cause, number> | null;
}

/**
 * On a page that trains (the first visit, after the responsiveness window): the profile's
 * autosave seconds of training, then Pause and Train a few times, with no drawing, so the long
 * tasks counted are the run's and its saves'.
 */
export async function measureAutosave(ctx: BenchContext, page: BenchPage): Promise<AutosaveResult> {
  await assertTraining(page);
  const start = await pageNow(page);
  await sleep(ctx.p.autosave * 1000);
  const paused: [number, number][] = [];
  const clicks: [number, number][] = [];
  const pauseButton = page.getByRole('button', { name: 'Pause' });
  const trainButton = page.getByRole('button', { name: 'Train' });
  for (let i = 0; i < AUTOSAVE_PAUSES; i++) {
    const at = await pageNow(page);
    clicks.push([at, at + CLICK_MS]);
    await pauseButton.click();
    await waitStatus(page, 'running', { is: 'false' });
    // Time for the snapshot and its write, as a person reading the page would give it.
    await sleep(1500);
    const until = await pageNow(page);
    clicks.push([until, until + CLICK_MS]);
    await trainButton.click();
    await waitStatus(page, 'running', { is: 'true' });
    paused.push([at, until]);
    await sleep(1500);
  }
  await assertTraining(page);
  // The last writes finish before the window closes, so each has its duration.
  const log = new SaveLog();
  const since = (list: SaveRecord[]) => list.filter((s) => s.start >= start);
  const deadline = Date.now() + 10_000;
  while (since(await collectSaves(page, log)).some((s) => s.end === null) && Date.now() < deadline)
    await sleep(100);
  const end = await pageNow(page);
  const all = (await collectSaves(page, log)).filter((s) => s.start >= start && s.start <= end);
  const atPause = all.filter((s) => paused.some(([a, b]) => s.start >= a && s.start <= b));
  const tasks = (await longTasks(page))?.filter(
    (t) => t.start >= start && t.start <= end && t.duration > 50,
  );
  assertNoPageErrors(page);
  return {
    ...writeStats(all),
    seconds: (end - start) / 1000,
    backend: (await status(page)).backend ?? null,
    timed: all.length - atPause.length,
    atPause: atPause.length,
    pauses: paused.length,
    longTasks: tasks ? tasks.length : null,
    longTaskMaxMs: tasks?.length ? Math.max(...tasks.map((t) => t.duration)) : 0,
    longTaskCauses: tasks ? longTaskCauses(tasks, all, clicks) : null,
  };
}
