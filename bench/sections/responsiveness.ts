// Responsiveness: long tasks on the main thread and the drawing pad's latency (stroke → its
// reconstruction) while the app trains with its defaults and a person draws.
import type { BenchContext } from '../context';
import { Drawer } from '../draw';
import {
  assertNoPageErrors,
  assertTraining,
  startupWorkPending,
  status,
  waitStartupWork,
  waitStatus,
  type BenchPage,
  type PlaygroundWindow,
} from '../probes';

export interface ResponsivenessResult {
  seconds: number;
  backend: string | null;
  trainedExamples: number;
  strokes: number;
  moves: number;
  longTasks: number | null;
  longTaskMaxMs: number;
  longTaskTotalMs: number | null;
  drawLatencies: number[];
  startupWaitMs: number;
  startupWorkDuringWindow: boolean;
}

/** Draws on the first-visit page (already training) for the profile's responsiveness time. */
export async function measureResponsiveness(
  ctx: BenchContext,
  page: BenchPage,
): Promise<ResponsivenessResult> {
  await waitStatus(page, 'running', { is: 'true' }, 60_000);
  await waitStatus(page, 'examples', { above: 0 }, 90_000);
  // Steady state, like the throughput rows: the one-off startup PCA finishes first (bounded).
  const startupWaitMs = await waitStartupWork(page, ctx.p.startupWait * 1000);
  const startupWorkDuringWindow = (await startupWorkPending(page)) === true;
  const drawer = new Drawer(page);
  await drawer.prepare();
  const latencies = (): Promise<number[]> =>
    page.evaluate(() => (window as unknown as PlaygroundWindow).playground.drawLatencies());
  const startIndex = (await latencies()).length;
  const windowStart = await page.evaluate(() => performance.now());
  const ex0 = Number((await status(page)).examples);
  await drawer.drawFor(ctx.p.resp * 1000);
  const windowEnd = await page.evaluate(() => performance.now());
  await assertTraining(page);
  const tasks = await page.evaluate(() => (window as unknown as PlaygroundWindow).__longTasks);
  const drawLatencies = (await latencies()).slice(startIndex);
  const d = await status(page);
  const inWindow = tasks?.filter(
    (t) => t.start >= windowStart && t.start <= windowEnd && t.duration > 50,
  );
  assertNoPageErrors(page);
  return {
    seconds: (windowEnd - windowStart) / 1000,
    backend: d.backend ?? null,
    trainedExamples: Number(d.examples) - ex0,
    strokes: drawer.strokes,
    moves: drawer.moves,
    longTasks: inWindow ? inWindow.length : null,
    longTaskMaxMs: inWindow?.length ? Math.max(...inWindow.map((t) => t.duration)) : 0,
    longTaskTotalMs: inWindow ? inWindow.reduce((s, t) => s + t.duration, 0) : null,
    drawLatencies,
    startupWaitMs,
    startupWorkDuringWindow,
  };
}
